package dev.prflow.activities.review;

import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.diff.UnifiedDiff;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A scratch git repository for review tests: commit a base, change files, commit a head, and get
 * the parsed {@code git diff base...head} with the working tree as the head tree.
 */
final class ReviewRepo {

  private final Path dir;
  private String base;

  private ReviewRepo(Path dir) {
    this.dir = dir;
  }

  static ReviewRepo create(Path dir) {
    ReviewRepo repo = new ReviewRepo(dir);
    repo.git("init", "-q", "-b", "main");
    repo.base = repo.commit("empty");
    return repo;
  }

  Path dir() {
    return dir;
  }

  ReviewRepo write(String path, String content) {
    return write(path, content.getBytes(StandardCharsets.UTF_8));
  }

  ReviewRepo write(String path, byte[] content) {
    try {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ReviewRepo delete(String path) {
    try {
      Files.delete(dir.resolve(path));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Commits everything as the base of the pull request. */
  ReviewRepo commitBase() {
    base = commit("base");
    return this;
  }

  /** Commits everything as the head and returns the parsed diff from the base. */
  List<FileDiff> commitHeadAndDiff() {
    String head = commit("head");
    return UnifiedDiff.parse(git("diff", "-M", base + "..." + head));
  }

  private String commit(String message) {
    git("add", "-A");
    git(
        "-c",
        "user.name=review",
        "-c",
        "user.email=review@example.com",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        message);
    return git("rev-parse", "HEAD").strip();
  }

  private String git(String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    try {
      Process process =
          new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
