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
