package dev.prflow.activities.localgit;

import dev.prflow.activities.process.ProcessResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a worktree's git directories are, as {@code git rev-parse --path-format=absolute
 * --absolute-git-dir} and {@code --git-common-dir} name them, read from git's documented layout (a
 * {@code .git} directory, or a {@code .git} file whose {@code gitdir:} line names the worktree's
 * administrative directory, which holds a {@code commondir} file) without starting git. Anything
 * else (no {@code .git} at the top, an unreadable file) is asked of git itself.
 *
 * @param gitDir the worktree's own git directory (the repository's for its main worktree)
 * @param commonDir the repository's git directory, shared by all its worktrees
 */
public record GitLayout(Path gitDir, Path commonDir) {

  private static final String GITDIR = "gitdir:";

  /** The layout of the worktree whose top-level directory is {@code worktree}. */
  public static GitLayout of(Path worktree) {
    return read(worktree.toAbsolutePath().normalize()).orElseGet(() -> ask(worktree));
  }

  static Optional<GitLayout> read(Path top) {
    Path dotGit = top.resolve(".git");
    try {
      if (Files.isDirectory(dotGit)) {
        Path dir = real(dotGit);
        return Files.exists(dir.resolve("commondir")) ? Optional.empty() : Optional.of(same(dir));
      }
      if (!Files.isRegularFile(dotGit)) {
        return Optional.empty();
      }
      String line = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
      if (!line.startsWith(GITDIR) || line.contains("\n")) {
        return Optional.empty();
      }
      Path admin = real(top.resolve(line.substring(GITDIR.length()).strip()));
      if (!Files.isDirectory(admin)) {
        return Optional.empty();
      }
      Path commondir = admin.resolve("commondir");
      if (!Files.isRegularFile(commondir)) {
        return Optional.of(same(admin));
      }
      Path common =
          real(admin.resolve(Files.readString(commondir, StandardCharsets.UTF_8).strip()));
      return Files.isDirectory(common)
          ? Optional.of(new GitLayout(admin, common))
          : Optional.empty();
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  private static GitLayout same(Path dir) {
    return new GitLayout(dir, dir);
  }

  private static Path real(Path path) throws IOException {
    return path.toRealPath();
  }

  private static GitLayout ask(Path worktree) {
    Git git = new Git(worktree);
    return new GitLayout(
        Path.of(git.run("rev-parse", "--path-format=absolute", "--absolute-git-dir").strip()),
        Path.of(dirOrEmpty(git.exec("rev-parse", "--path-format=absolute", "--git-common-dir"))));
  }

  private static String dirOrEmpty(ProcessResult r) {
    return r.succeeded() ? r.output().strip() : "";
  }
}
