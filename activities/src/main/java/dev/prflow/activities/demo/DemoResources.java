package dev.prflow.activities.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Bundled demo files. Each folder has an {@code index.txt} listing its files, one per line, as
 * {@code resource} or {@code resource=target} (for names a jar would hide, like dotfiles).
 */
final class DemoResources {

  private DemoResources() {}

  /** Copies a bundled folder into {@code target}; returns the paths written, relative to it. */
  static List<String> copyFolder(String folder, Path target) {
    List<String> written = new java.util.ArrayList<>();
    for (String line : read(folder + "/index.txt").lines().toList()) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.strip().split("=", 2);
      String source = parts[0];
      String destination = parts.length == 2 ? parts[1] : parts[0];
      Path file = target.resolve(destination);
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(file, read(folder + "/" + source));
        if (destination.endsWith(".sh")) {
          file.toFile().setExecutable(true);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + file, e);
      }
      written.add(destination);
    }
    return written;
  }

  static boolean exists(String resource) {
    return DemoResources.class.getResource("/" + resource) != null;
  }

  static String read(String resource) {
    try (InputStream in = DemoResources.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("bundled resource missing: " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled resource " + resource, e);
    }
  }
}
