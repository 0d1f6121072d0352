package dev.prflow.workflows;

import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reading the change itself: code review and the security scan, on changed lines only. */
@ActivityInterface
public interface ReviewActivities {

  /** PMD and diff-level rules over the pull request's changed lines. */
  @ActivityMethod(name = "reviewCode")
  ReviewResult reviewCode(PullRequestRef pr);

  /** Secrets (redacted), risky code and dependency changes in the pull request. */
  @ActivityMethod(name = "scanSecurity")
  SecurityResult scanSecurity(PullRequestRef pr);
}
