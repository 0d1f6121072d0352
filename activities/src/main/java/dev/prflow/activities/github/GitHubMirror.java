package dev.prflow.activities.github;

import dev.prflow.activities.localgit.Git;
import dev.prflow.workflows.model.PullRequestRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Bare local mirrors of GitHub repositories, so a pull request's tests can run on its head commit
 * in a scratch worktree. Fetches over HTTPS with the token in an HTTP header passed through git's
 * environment ({@link GitCredentials}), never in a URL, a command line or {@code .git/config}.
 */
public final class GitHubMirror {

  private static final ConcurrentMap<Path, Object> LOCKS = new ConcurrentHashMap<>();

  private final Path root;
  private final String gitBaseUrl;
  private final String token;

  /**
   * @param gitBaseUrl the web host git clones from, {@code https://github.com/} (GitHub Enterprise:
   *     its web host); a {@code file://} base serves tests
   * @param token null for public repositories
   */
  public GitHubMirror(Path root, String gitBaseUrl, String token) {
    this.root = root;
    this.gitBaseUrl = gitBaseUrl.endsWith("/") ? gitBaseUrl : gitBaseUrl + "/";
    this.token = token;
  }

  /**
   * The mirror, fetched so that it holds the pull request's head and base commits. Tests, review
   * and scan of one pull request ask at the same time, from this and other workers sharing {@code
   * root}: one fetches while the others wait, then find the commits and fetch nothing.
   */
  public Git forPullRequest(PullRequestRef pr) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    Path dir = root.resolve(repo.key() + ".git");
    Map<String, String> auth =
        token != null && gitBaseUrl.startsWith("https://")
            ? GitCredentials.gitAuthEnvironment(token, gitBaseUrl)
            : Map.of();
    Git git = new Git(dir, auth);
    Object inProcess = LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new Object());
    synchronized (inProcess) {
      try {
        Files.createDirectories(root);
        try (FileChannel channel =
                FileChannel.open(
                    root.resolve(repo.key() + ".lock"),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock acrossProcesses = channel.lock()) {
          return fetched(git, dir, repo, pr);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create or lock a mirror under " + root, e);
      }
    }
  }

  private Git fetched(Git git, Path dir, GitHubRepository repo, PullRequestRef pr)
      throws IOException {
    if (!Files.isDirectory(dir.resolve("objects"))) {
      Files.createDirectories(dir);
      git.run("init", "--quiet", "--bare");
      git.run("remote", "add", "origin", gitBaseUrl + repo.fullName() + ".git");
    }
    if (hasCommit(git, pr.headSha()) && (pr.baseSha() == null || hasCommit(git, pr.baseSha()))) {
      return git;
    }
    git.run(
        "fetch",
        "--quiet",
        "--no-tags",
        "origin",
        "+refs/pull/" + pr.number() + "/head:refs/prflow/pull/" + pr.number(),
        "+refs/heads/" + pr.baseBranch() + ":refs/heads/" + pr.baseBranch());
    if (git.resolve(pr.headSha()).isEmpty()) {
      throw new GitHubException(
          "head commit " + pr.headSha() + " of " + pr.url() + " is not in the fetched refs",
          0,
          true);
    }
    return git;
  }

  private static boolean hasCommit(Git git, String sha) {
    return sha != null && git.resolve(sha).isPresent();
  }
}
