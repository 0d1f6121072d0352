package dev.prflow.activities.localgit;

import dev.prflow.activities.github.GitHubRepository;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a task's code lives, parsed from the task's {@code repository} field: {@code
 * local:<absolute path>} here, {@code github:<owner>/<repo>} later.
 */
public record RepositoryLocation(String host, String name, Path path) {

  public static final String LOCAL = "local";

  public static RepositoryLocation parse(String repository) {
    if (repository != null && repository.startsWith("local:")) {
      String raw = repository.substring("local:".length());
      Path path = Path.of(raw);
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException("local repository path must be absolute: " + raw);
      }
      return new RepositoryLocation(LOCAL, path.normalize().toString(), path.normalize());
    }
    if (repository != null && repository.startsWith("github:")) {
      String name = repository.substring("github:".length());
      if (!name.matches("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("github repository must be github:<owner>/<repo>");
      }
      return new RepositoryLocation(GITHUB, name, null);
    }
    throw new IllegalArgumentException("unsupported repository: " + repository);
  }

  public static final String GITHUB = "github";

  public boolean isGitHub() {
    return GITHUB.equals(host);
  }

  public boolean isLocal() {
    return LOCAL.equals(host);
  }

  /** The local repository; only local locations have one. */
  public Git git() {
    if (path == null) {
      throw new IllegalStateException(canonical() + " is not a local repository");
    }
    return new Git(path);
  }

  /**
   * A short id-safe name: the directory name plus a hash of the full path, e.g. {@code
   * calc-1a2b3c}.
   */
  public String key() {
    if (isGitHub()) {
      // One key per GitHub repository, whoever names it: webhooks and the GitHub host use it too.
      return GitHubRepository.parse(canonical()).key();
    }
    String base = path.getFileName() == null ? "root" : path.getFileName().toString();
    base = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-");
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    String hash = Integer.toHexString(name.hashCode() & 0xffffff);
    return base + "-" + "0".repeat(6 - hash.length()) + hash;
  }

  /** The canonical {@code host:name} form stored with tasks and pull requests. */
  public String canonical() {
    return host + ":" + name;
  }
}
