package dev.prflow.workflows;

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
}
