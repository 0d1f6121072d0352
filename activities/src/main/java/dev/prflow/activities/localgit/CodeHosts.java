package dev.prflow.activities.localgit;

import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import java.util.List;

/**
 * Routes each pull request to the host its repository lives on: {@code local:} to the local host,
 * {@code github:} to GitHub when a token is configured.
 */
public final class CodeHosts implements CodeHost {

  private final CodeHost local;
  private final CodeHost github;

  /**
   * @param github null when GitHub is not configured
   */
  public CodeHosts(CodeHost local, CodeHost github) {
    this.local = local;
    this.github = github;
  }

  /** The host of a repository field such as {@code github:acme/shop}. */
  public CodeHost forRepository(String repository) {
    if (RepositoryLocation.parse(repository).isGitHub()) {
      if (github == null) {
        throw new IllegalStateException(
            "task on " + repository + " but GITHUB_TOKEN is not set on this worker");
      }
      return github;
    }
    return local;
  }

  @Override
  public PullRequestRef open(PullRequestRequest request) {
    return forRepository(request.task().repository()).open(request);
  }

  @Override
  public String diff(PullRequestRef pr) {
    return forRepository(pr.repository()).diff(pr);
  }

  @Override
  public List<FileStat> fileStats(PullRequestRef pr) {
    return forRepository(pr.repository()).fileStats(pr);
  }

  @Override
  public void close(PullRequestRef pr, String state, String comment) {
    forRepository(pr.repository()).close(pr, state, comment);
  }

  @Override
  public String merge(PullRequestRef pr) {
    return forRepository(pr.repository()).merge(pr);
  }
}
