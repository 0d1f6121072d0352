package dev.prflow.activities.localgit;

import dev.prflow.activities.ActivityHeartbeat;
import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.process.ProcessResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Scratch git worktrees under prflow's work directory, always removed after use. Checking out a
 * large repository takes a while: {@code git worktree add} beats the current activity's heartbeat
 * ({@link ActivityHeartbeat#current()}) while it runs, and is killed when the activity is
 * cancelled.
 */
public final class Worktrees {

  /** A checkout of a very large repository; the heartbeat, not this, finds a dead worker. */
  static final Duration ADD_TIMEOUT = Duration.ofMinutes(30);

  private final Path workRoot;

  public Worktrees(Path workRoot) {
    this.workRoot = workRoot;
  }

  /** A new worktree on a new branch starting at {@code startPoint}. */
  public Path addBranch(Git repo, String prefix, String branch, String startPoint) {
    Path dir = newDir(prefix);
    add(repo, "-b", branch, dir.toString(), startPoint);
    return dir;
  }

  /** A new worktree on an existing branch. */
  public Path addExisting(Git repo, String prefix, String branch) {
    Path dir = newDir(prefix);
    add(repo, dir.toString(), branch);
    return dir;
  }

  /** A new detached worktree at {@code commit}. */
  public Path addDetached(Git repo, String prefix, String commit) {
    Path dir = newDir(prefix);
    add(repo, "--detach", dir.toString(), commit);
    return dir;
  }

  /**
   * Removes a worktree and its directory; never throws. When {@code git worktree remove} fails (the
   * directory already gone, say), {@code git worktree prune} forgets the worktree instead.
   */
  public void remove(Git repo, Path dir) {
    boolean removed = repo.exec("worktree", "remove", "--force", dir.toString()).succeeded();
    deleteRecursively(dir);
    if (!removed) {
      repo.exec("worktree", "prune");
    }
  }

  private static void add(Git repo, String... args) {
    String[] command = new String[args.length + 3];
    command[0] = "worktree";
    command[1] = "add";
    command[2] = "--quiet";
    System.arraycopy(args, 0, command, 3, args.length);
    Heartbeat heartbeat = ActivityHeartbeat.current();
    ProcessResult result =
        repo.exec(ADD_TIMEOUT, () -> heartbeat.beat("git worktree add"), command);
    if (!result.succeeded()) {
      throw new GitException(
          "git "
              + String.join(" ", command)
              + " failed ("
              + (result.timedOut() ? "timed out" : result.exitCode())
              + "): "
              + (result.errorOutput().isBlank() ? result.output() : result.errorOutput()).strip());
    }
  }

  /**
   * Removes the scratch worktrees that have {@code branch} checked out: those under this work root,
   * and those another worker made for the same {@code prefix} (their directory is named {@code
   * <prefix>-…}, see {@link #addBranch}) — what a try killed before it could remove its own leaves.
   * Any other worktree (a person's) is left alone.
   */
  public void removeScratchCheckoutsOf(Git repo, String branch, String prefix) {
    Path root = real(workRoot);
    String scratchName = dirPrefix(prefix) + "-";
    Path current = null;
    for (String line : repo.lines("worktree", "list", "--porcelain")) {
      if (line.startsWith("worktree ")) {
        current = real(Path.of(line.substring("worktree ".length())));
      } else if (line.equals("branch refs/heads/" + branch)
          && current != null
          && (current.startsWith(root)
              || (current.getFileName() != null
                  && current.getFileName().toString().startsWith(scratchName)))) {
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
      Path dir = Files.createTempDirectory(workRoot, dirPrefix(prefix) + "-");
      Files.delete(dir); // git worktree add wants to create it
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a worktree directory under " + workRoot, e);
    }
  }

  private static String dirPrefix(String prefix) {
    return prefix.replaceAll("[^A-Za-z0-9._-]", "-");
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
