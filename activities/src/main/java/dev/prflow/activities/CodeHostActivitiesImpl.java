package dev.prflow.activities;

import dev.prflow.activities.github.GitHubException;
import dev.prflow.activities.localgit.CodeHost;
import dev.prflow.activities.localgit.MergeConflictException;
import dev.prflow.workflows.CodeHostActivities;
import dev.prflow.workflows.model.ClosePullRequest;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import io.temporal.failure.ApplicationFailure;

/** Opens pull requests on the configured code host. */
public class CodeHostActivitiesImpl implements CodeHostActivities {

  private final CodeHost host;

  public CodeHostActivitiesImpl(CodeHost host) {
    this.host = host;
  }

  @Override
  public PullRequestRef openPullRequest(PullRequestRequest request) {
    return host.open(request);
  }

  @Override
  public void closePullRequest(ClosePullRequest request) {
    host.close(request.pr(), request.state(), request.comment());
  }

  /** A conflict, or GitHub refusing the merge, is final: the workflow ends the task saying why. */
  @Override
  public String mergePullRequest(PullRequestRef pr) {
    try {
      return host.merge(pr);
    } catch (MergeConflictException conflict) {
      throw ApplicationFailure.newNonRetryableFailure(conflict.getMessage(), MERGE_REFUSED);
    } catch (GitHubException e) {
      throw e.toApplicationFailure();
    }
  }

  /** Failure type of a merge that retrying cannot make succeed. */
  public static final String MERGE_REFUSED = "MergeRefused";
}
