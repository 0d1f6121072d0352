package dev.prflow.workflows;

import dev.prflow.workflows.model.ChecksQuery;
import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The checks a pull request goes through, and the report they end in. */
@ActivityInterface
public interface ValidationActivities {

  @ActivityMethod(name = "analyzePr")
  PrAnalysis analyzePr(PullRequestRef pr);

  /** Runs the repository's tests on the head commit in a scratch worktree; heartbeats. */
  @ActivityMethod(name = "runTests")
  TestRun runTests(PullRequestRef pr);

  /**
   * The tests of a GitHub pull request: one look at its CI checks ({@code pending} while they run,
   * with when to look again), or, in clone mode, a full run of its tests here.
   */
  @ActivityMethod(name = "checkTests")
  TestRun checkTests(ChecksQuery query);

  /**
   * The tests of a GitHub pull request, waited for: looks at its CI checks every poll interval
   * until they complete or time out, heartbeating in between, so the waiting costs the workflow's
   * history one activity instead of a timer and a look per poll. In clone mode, and for a local
   * pull request, the first look runs the tests and is final. {@code waitedMs} is how long the
   * workflow has already waited (a retried attempt resumes from its last heartbeat).
   */
  @ActivityMethod(name = "awaitChecks")
  TestRun awaitChecks(ChecksQuery query);

  /** Judges the findings, stores the report and returns the verdict. */
  @ActivityMethod(name = "compileReport")
  ValidationResult compileReport(ReportRequest request);

  /**
   * Puts the report where people see the pull request: on GitHub a comment (updated in place) and
   * the commit status {@code prflow/validation}; nothing more on the local host. Idempotent.
   */
  @ActivityMethod(name = "publishReport")
  void publishReport(ValidationResult result);
}
