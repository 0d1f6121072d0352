package dev.prflow.activities.github;

import dev.prflow.activities.localgit.Git;
import dev.prflow.workflows.model.PullRequestRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Bare local mirrors of GitHub repositories, so a pull request's tests can run on its head commit
 * in a scratch worktree. Fetches over HTTPS with the token in an HTTP header passed through git's
 * environment ({@link GitCredentials}), never in a URL, a command line or {@code .git/config}.
 */
public final class GitHubMirror {

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

  /** The mirror, fetched so that it holds the pull request's head and base commits. */
  public Git forPullRequest(PullRequestRef pr) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    Path dir = root.resolve(repo.key() + ".git");
    Map<String, String> auth =
        token != null && gitBaseUrl.startsWith("https://")
            ? GitCredentials.gitAuthEnvironment(token, gitBaseUrl)
            : Map.of();
    Git git = new Git(dir, auth);
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        git.run("init", "--quiet", "--bare");
        git.run("remote", "add", "origin", gitBaseUrl + repo.fullName() + ".git");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a mirror under " + root, e);
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
}
