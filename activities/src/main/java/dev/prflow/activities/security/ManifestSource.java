package dev.prflow.activities.security;

import java.util.Optional;

/**
 * Reads a manifest's full text on either side of a pull request, so dependency changes are judged
 * on whole files rather than on diff fragments. Empty when the file does not exist on that side.
 */
public interface ManifestSource {

  Optional<String> atBase(String path);

  Optional<String> atHead(String path);

  /** A source that knows no files: every touched manifest then counts as unreadable. */
  static ManifestSource none() {
    return new ManifestSource() {
      @Override
      public Optional<String> atBase(String path) {
        return Optional.empty();
      }

      @Override
      public Optional<String> atHead(String path) {
        return Optional.empty();
      }
    };
  }
}
