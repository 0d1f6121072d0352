package dev.prflow.activities.github;

import dev.prflow.activities.localgit.Git;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@code file://} stand-in for github.com's git side: bare repositories under {@code root}, named
 * {@code owner/repo.git}, holding {@code main} and pull requests on {@code refs/pull/N/head} as
 * GitHub serves them. A {@link GitHubMirror} given {@link #gitBaseUrl()} fetches from it.
 */
public final class GitHubStandIn {

  /** A Java file whose only flaw is an empty catch block (PMD's EmptyCatchBlock). */
  public static final String EMPTY_CATCH_LOADER =
      """
      package demo;

      class Loader {
        void load() {
          try {
            Thread.sleep(1);
          } catch (InterruptedException e) {
          }
        }
      }
      """;

  private final Path root;

  public GitHubStandIn(Path root) {
    this.root = root;
  }

  /** What {@code GITHUB_GIT_URL} would be. */
  public String gitBaseUrl() {
    return root.toUri().toString();
  }

  /** Publishes {@code work}'s {@code main} and {@code branch} as pull request {@code number}. */
  public void publishPullRequest(Git work, String fullName, String branch, int number)
      throws IOException {
    Path remote = root.resolve(fullName + ".git");
    Files.createDirectories(remote);
    new Git(remote).run("init", "--quiet", "--bare");
    work.run(
        "push",
        "--quiet",
        remote.toString(),
        "main:refs/heads/main",
        branch + ":refs/pull/" + number + "/head");
  }
}
