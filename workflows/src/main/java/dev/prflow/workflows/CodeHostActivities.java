package dev.prflow.workflows;

import dev.prflow.workflows.model.ClosePullRequest;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Pull requests on the task's code host. */
@ActivityInterface
public interface CodeHostActivities {

  /** Opens the pull request for an agent's branch, or returns the one already open for it. */
  @ActivityMethod(name = "openPullRequest")
  PullRequestRef openPullRequest(PullRequestRequest request);

  /** Closes a pull request with a comment (local host: marks it superseded or closed). */
  @ActivityMethod(name = "closePullRequest")
  void closePullRequest(ClosePullRequest request);

  /** Merges an approved pull request into its base branch; idempotent. */
  @ActivityMethod(name = "mergePullRequest")
  String mergePullRequest(PullRequestRef pr);
}
