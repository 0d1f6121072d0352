package dev.prflow.activities.localgit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch git worktrees under prflow's work directory, always removed after use. */
public final class Worktrees {

  private final Path workRoot;

  public Worktrees(Path workRoot) {
    this.workRoot = workRoot;
  }

  /** A new worktree on a new branch starting at {@code startPoint}. */
  public Path addBranch(Git repo, String prefix, String branch, String startPoint) {
    Path dir = newDir(prefix);
    repo.run("worktree", "add", "--quiet", "-b", branch, dir.toString(), startPoint);
    return dir;
  }

  /** A new worktree on an existing branch. */
  public Path addExisting(Git repo, String prefix, String branch) {
    Path dir = newDir(prefix);
    repo.run("worktree", "add", "--quiet", dir.toString(), branch);
    return dir;
  }

  /** A new detached worktree at {@code commit}. */
  public Path addDetached(Git repo, String prefix, String commit) {
    Path dir = newDir(prefix);
    repo.run("worktree", "add", "--quiet", "--detach", dir.toString(), commit);
    return dir;
  }

  /** Removes a worktree and its directory; never throws. */
  public void remove(Git repo, Path dir) {
    repo.exec("worktree", "remove", "--force", dir.toString());
    deleteRecursively(dir);
    repo.exec("worktree", "prune");
  }

  /**
   * Removes the worktrees under this work root that have {@code branch} checked out: the scratch
   * worktree of a try that was killed before it could remove its own. Worktrees elsewhere (a
   * person's) are left alone.
   */
  public void removeScratchCheckoutsOf(Git repo, String branch) {
    Path root = real(workRoot);
    Path current = null;
    for (String line : repo.lines("worktree", "list", "--porcelain")) {
      if (line.startsWith("worktree ")) {
        current = real(Path.of(line.substring("worktree ".length())));
      } else if (line.equals("branch refs/heads/" + branch)
          && current != null
          && current.startsWith(root)) {
        remove(repo, current);
      }
    }
  }

  /** The path with symbolic links resolved where it exists (git records worktrees that way). */
  private static Path real(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize();
    }
  }

  private Path newDir(String prefix) {
    try {
      Files.createDirectories(workRoot);
      Path dir =
          Files.createTempDirectory(workRoot, prefix.replaceAll("[^A-Za-z0-9._-]", "-") + "-");
      Files.delete(dir); // git worktree add wants to create it
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a worktree directory under " + workRoot, e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a leftover scratch directory is reported by nothing and harms nothing
    }
  }
}
