package dev.prflow.activities.demo;

import dev.prflow.activities.localgit.Git;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates the small calculator repository the demo tasks change. */
public final class DemoRepository {

  private DemoRepository() {}

  /**
   * Creates a fresh git repository at {@code dir} (which must not exist or be empty) with one
   * commit on {@code main}.
   */
  public static Path create(Path dir) {
    try {
      Files.createDirectories(dir);
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("demo repository directory is not empty: " + dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    Git git = new Git(dir);
    git.run("init", "--quiet", "-b", "main");
    DemoResources.copyFolder("demo/repo", dir);
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "Calculator with add and subtract");
    return dir;
  }
}
