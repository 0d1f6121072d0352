package dev.prflow.activities;

import dev.prflow.activities.localgit.Git;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An empty repository with one empty commit: the codebase of a task prflow cannot read locally. */
final class EmptyCodebase {

  private static Path path;

  private EmptyCodebase() {}

  static synchronized Path path() {
    if (path == null || !Files.isDirectory(path.resolve(".git"))) {
      try {
        Path dir = Files.createTempDirectory("prflow-empty-codebase-");
        Git git = new Git(dir);
        git.run("init", "--quiet", "-b", "main");
        git.run("commit", "--quiet", "--allow-empty", "-m", "empty");
        path = dir;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create an empty repository", e);
      }
    }
    return path;
  }
}
