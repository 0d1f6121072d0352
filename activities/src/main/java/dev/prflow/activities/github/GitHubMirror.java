package dev.prflow.activities.github;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.process.ProcessCancelledException;
import dev.prflow.activities.process.ProcessResult;
import dev.prflow.workflows.model.PullRequestRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bare local mirrors of GitHub repositories, so a pull request's tests can run on its head commit
 * in a scratch worktree. Fetches over HTTPS with the token in an HTTP header passed through git's
 * environment ({@link GitCredentials}), never in a URL, a command line or {@code .git/config}.
 */
public final class GitHubMirror {

  /** A first fetch of a large repository takes a while; later ones are incremental. */
  static final Duration FETCH_TIMEOUT = Duration.ofMinutes(30);

  private static final ConcurrentMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

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

  /** {@link #forPullRequest(PullRequestRef, Heartbeat)} outside an activity. */
  public Git forPullRequest(PullRequestRef pr) {
    return forPullRequest(pr, Heartbeat.NONE);
  }

  /**
   * The mirror, fetched so that it holds the pull request's head and base commits. Tests, review
   * and scan of one pull request ask at the same time, from this and other workers sharing {@code
   * root}: one fetches while the others wait, then find the commits and fetch nothing. Waiting and
   * fetching both beat {@code heartbeat}; when it says stop, the fetch is killed.
   */
  public Git forPullRequest(PullRequestRef pr, Heartbeat heartbeat) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    Path dir = root.resolve(repo.key() + ".git");
    Map<String, String> auth =
        token != null && gitBaseUrl.startsWith("https://")
            ? GitCredentials.gitAuthEnvironment(token, gitBaseUrl)
            : Map.of();
    Git git = new Git(dir, auth);
    String waiting = "waiting for another fetch of " + repo.fullName();
    ReentrantLock inProcess =
        LOCKS.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> new ReentrantLock());
    try {
      while (!inProcess.tryLock(1, TimeUnit.SECONDS)) {
        keepGoing(heartbeat, waiting);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessCancelledException("interrupted while " + waiting);
    }
    try {
      Files.createDirectories(root);
      try (FileChannel channel =
          FileChannel.open(
              root.resolve(repo.key() + ".lock"),
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE)) {
        try (FileLock acrossProcesses = lock(channel, heartbeat, waiting)) {
          return fetched(git, dir, repo, pr, heartbeat);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create or lock a mirror under " + root, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProcessCancelledException("interrupted while " + waiting);
    } finally {
      inProcess.unlock();
    }
  }

  private static FileLock lock(FileChannel channel, Heartbeat heartbeat, String waiting)
      throws IOException, InterruptedException {
    FileLock lock;
    while ((lock = channel.tryLock()) == null) {
      keepGoing(heartbeat, waiting);
      Thread.sleep(200);
    }
    return lock;
  }

  private static void keepGoing(Heartbeat heartbeat, String progress) {
    if (!heartbeat.beat(progress)) {
      throw new ProcessCancelledException("stopped while " + progress);
    }
  }

  private Git fetched(
      Git git, Path dir, GitHubRepository repo, PullRequestRef pr, Heartbeat heartbeat)
      throws IOException {
    if (!Files.isDirectory(dir.resolve("objects"))) {
      Files.createDirectories(dir);
      git.run("init", "--quiet", "--bare");
      git.run("remote", "add", "origin", gitBaseUrl + repo.fullName() + ".git");
    }
    if (hasCommit(git, pr.headSha()) && (pr.baseSha() == null || hasCommit(git, pr.baseSha()))) {
      return git;
    }
    String progress = "fetching " + repo.fullName() + " pull request " + pr.number();
    ProcessResult fetch =
        git.exec(
            FETCH_TIMEOUT,
            () -> heartbeat.beat(progress),
            "fetch",
            "--quiet",
            "--no-tags",
            "origin",
            "+refs/pull/" + pr.number() + "/head:refs/prflow/pull/" + pr.number(),
            "+refs/heads/" + pr.baseBranch() + ":refs/heads/" + pr.baseBranch());
    if (!fetch.succeeded()) {
      throw new GitHubException(
          "git fetch of "
              + repo.fullName()
              + (fetch.timedOut() ? " timed out after " + FETCH_TIMEOUT.toMinutes() + " min" : "")
              + " failed: "
              + withoutToken(fetch.errorOutput().strip()),
          0,
          true);
    }
    if (git.resolve(pr.headSha()).isEmpty()) {
      throw new GitHubException(
          "head commit " + pr.headSha() + " of " + pr.url() + " is not in the fetched refs",
          0,
          true);
    }
    return git;
  }

  private String withoutToken(String text) {
    return token == null || token.isEmpty() ? text : text.replace(token, "***");
  }

  private static boolean hasCommit(Git git, String sha) {
    return sha != null && git.resolve(sha).isPresent();
  }
}
