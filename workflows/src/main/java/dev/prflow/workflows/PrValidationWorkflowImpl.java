package dev.prflow.workflows;

import dev.prflow.workflows.model.ChecksCompleted;
import dev.prflow.workflows.model.ChecksQuery;
import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Functions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;

/**
 * Analyses a pull request, then runs its tests, the code review and the security scan in parallel,
 * and compiles the verdict. A check that fails to run is reported as such; it never hides the
 * results of the others.
 */
public class PrValidationWorkflowImpl implements PrValidationWorkflow {

  static final String PARALLEL_CHECKS = "parallel-checks";
  static final String GITHUB = "github";
  static final String PUBLISH_REPORT = "publish-report";

  /**
   * Change id: a GitHub pull request's checks are waited for inside one heartbeating activity
   * ({@code awaitChecks}) instead of a timer and a look per poll in the workflow, so no {@code
   * PRFLOW_CHECKS_TIMEOUT / PRFLOW_CHECKS_POLL} can push the history past Temporal's limits. The
   * {@code checksCompleted} signal still wakes it: the wait is cancelled and one look taken.
   */
  static final String CHECKS_IN_ACTIVITY = "checks-in-activity";

  /**
   * Change id: a check that failed because PostgreSQL was unavailable ({@code DatabaseUnavailable})
   * is run again instead of being reported as a check that could not run: infrastructure never
   * decides a verdict.
   */
  static final String INFRASTRUCTURE_RETRIED = "infrastructure-retried";

  /** Failure type of an activity that PostgreSQL's absence stopped (see DatabaseOutage). */
  static final String DATABASE_UNAVAILABLE = "DatabaseUnavailable";

  /** Pause before running a check again that PostgreSQL's absence stopped. */
  static final Duration INFRASTRUCTURE_PAUSE = Duration.ofSeconds(30);

  private static final Logger log = Workflow.getLogger(PrValidationWorkflowImpl.class);

  static final ActivityOptions ANALYSIS_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
          .build();

  static final ActivityOptions TEST_OPTIONS =
      ActivityOptions.newBuilder()
          // A backstop: heartbeats find a dead worker, and the configured timeout (at most 24h)
          // ends the work itself.
          .setStartToCloseTimeout(Duration.ofHours(25))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  static final ActivityOptions REVIEW_OPTIONS =
      ActivityOptions.newBuilder()
          // In clone mode review and scan fetch the mirror, or wait for that fetch (up to 30 min).
          .setStartToCloseTimeout(Duration.ofMinutes(45))
          .setHeartbeatTimeout(Duration.ofMinutes(2))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  /**
   * Bookkeeping (storing the report): retried without an attempt cap, backing off to at most 30 s,
   * so a PostgreSQL outage delays the verdict but never changes it. Retry options are not part of
   * the command order: changing them needs no {@code Workflow.getVersion}.
   */
  static final ActivityOptions REPORT_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(0)
                  .build())
          .build();

  /** Publishing to GitHub is best effort: a bounded number of tries, then the verdict stands. */
  static final ActivityOptions PUBLISH_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(10).build())
          .build();

  private boolean checksSignalled;

  /** An activity stub whose calls show {@code summary} in the Web UI's timeline. */
  private static <T> T stub(Class<T> type, ActivityOptions base, String summary) {
    return Workflow.newActivityStub(
        type, ActivityOptions.newBuilder(base).setSummary(summary).build());
  }

  private static ValidationActivities checks(PullRequestRef pr) {
    return stub(ValidationActivities.class, TEST_OPTIONS, "look at the checks of " + pr.url());
  }

  @Override
  public ValidationResult validate(PrValidationInput input) {
    String head = input.pr().headSha();
    String sha = head == null ? "the head" : head.substring(0, Math.min(7, head.length()));
    PrAnalysis shape =
        stub(ValidationActivities.class, ANALYSIS_OPTIONS, "analyze " + input.pr().url())
            .analyzePr(input.pr());

    int version = Workflow.getVersion(PARALLEL_CHECKS, Workflow.DEFAULT_VERSION, 1);
    Promise<TestRun> testRun =
        GITHUB.equals(input.pr().host())
            ? Async.function(this::gitHubTests, input.pr())
            : Async.function(
                stub(ValidationActivities.class, TEST_OPTIONS, "run tests at " + sha)::runTests,
                input.pr());
    Promise<ReviewResult> reviewRun = null;
    Promise<SecurityResult> scanRun = null;
    if (version >= 1) {
      reviewRun =
          Async.function(
              stub(ReviewActivities.class, REVIEW_OPTIONS, "review the diff at " + sha)::reviewCode,
              input.pr());
      scanRun =
          Async.function(
              stub(ReviewActivities.class, REVIEW_OPTIONS, "scan for secrets and risks at " + sha)
                  ::scanSecurity,
              input.pr());
    }

    TestRun testResult;
    try {
      testResult =
          orAgainAfterOutage(
              testRun,
              () ->
                  GITHUB.equals(input.pr().host())
                      ? gitHubTests(input.pr())
                      : stub(ValidationActivities.class, TEST_OPTIONS, "run tests at " + sha)
                          .runTests(input.pr()));
    } catch (ActivityFailure failure) {
      rethrowIfCancelled(failure);
      testResult =
          new TestRun(
              TestRun.ERROR,
              null,
              null,
              0,
              null,
              false,
              "tests could not run: " + Failures.reason(failure));
    }
    ReviewResult reviewResult = null;
    SecurityResult securityResult = null;
    if (version >= 1) {
      try {
        reviewResult =
            orAgainAfterOutage(
                reviewRun,
                () ->
                    stub(ReviewActivities.class, REVIEW_OPTIONS, "review the diff at " + sha)
                        .reviewCode(input.pr()));
      } catch (ActivityFailure failure) {
        rethrowIfCancelled(failure);
        reviewResult =
            new ReviewResult(
                List.of(), List.of(ReviewResult.COULD_NOT_RUN + Failures.reason(failure)));
      }
      try {
        securityResult =
            orAgainAfterOutage(
                scanRun,
                () ->
                    stub(
                            ReviewActivities.class,
                            REVIEW_OPTIONS,
                            "scan for secrets and risks at " + sha)
                        .scanSecurity(input.pr()));
      } catch (ActivityFailure failure) {
        rethrowIfCancelled(failure);
        securityResult =
            new SecurityResult(
                List.of(),
                List.of(),
                List.of(),
                List.of(SecurityResult.COULD_NOT_RUN + Failures.reason(failure)));
      }
    }
    String workflowId = Workflow.getInfo().getWorkflowId();
    ValidationResult result =
        stub(ValidationActivities.class, REPORT_OPTIONS, "compile the report")
            .compileReport(
                new ReportRequest(
                    workflowId, input, shape, testResult, reviewResult, securityResult));
    WorkflowMetrics.validated(result);
    int publishing = Workflow.getVersion(PUBLISH_REPORT, Workflow.DEFAULT_VERSION, 2);
    if (publishing == 1) {
      stub(ValidationActivities.class, PUBLISH_OPTIONS, "publish the report to GitHub")
          .publishReport(result);
    } else if (publishing >= 2) {
      // The report is stored and the verdict stands; GitHub refusing the comment must not undo it.
      try {
        stub(ValidationActivities.class, PUBLISH_OPTIONS, "publish the report to GitHub")
            .publishReport(result);
      } catch (ActivityFailure unpublished) {
        if (unpublished.getCause() instanceof CanceledFailure) {
          throw unpublished;
        }
        log.warn(
            "validation {} of {} not published: {}",
            workflowId,
            input.pr().url(),
            Failures.reason(unpublished));
      }
    }
    return result;
  }

  /**
   * A GitHub pull request's tests: looks at its checks until they complete, waking early when the
   * {@code checksCompleted} signal (from the webhook) arrives; in clone mode the first look runs
   * the tests and is final.
   */
  private TestRun gitHubTests(PullRequestRef pr) {
    if (Workflow.getVersion(CHECKS_IN_ACTIVITY, Workflow.DEFAULT_VERSION, 1) >= 1) {
      return gitHubTestsAwaited(pr);
    }
    long started = Workflow.currentTimeMillis();
    // Cleared before each look, so a signal that lands while looking is not lost.
    checksSignalled = false;
    TestRun run = checks(pr).checkTests(new ChecksQuery(pr, 0));
    while (TestRun.PENDING.equals(run.status())) {
      Workflow.await(Duration.ofMillis(Math.max(1_000, run.durationMs())), () -> checksSignalled);
      checksSignalled = false;
      run = checks(pr).checkTests(new ChecksQuery(pr, Workflow.currentTimeMillis() - started));
    }
    return run;
  }

  /**
   * Since {@link #CHECKS_IN_ACTIVITY}: one heartbeating {@code awaitChecks} activity waits for the
   * checks. The webhook's signal cancels that wait and takes one look at once; a look that is still
   * pending starts the wait again. The history grows per signal, never per poll.
   */
  private TestRun gitHubTestsAwaited(PullRequestRef pr) {
    long started = Workflow.currentTimeMillis();
    while (true) {
      checksSignalled = false;
      long waited = Workflow.currentTimeMillis() - started;
      List<Promise<TestRun>> waiting = new java.util.ArrayList<>();
      CancellationScope wait =
          Workflow.newCancellationScope(
              () ->
                  waiting.add(
                      Async.function(
                          stub(
                                  ValidationActivities.class,
                                  TEST_OPTIONS,
                                  "wait for the checks of " + pr.url())
                              ::awaitChecks,
                          new ChecksQuery(pr, waited))));
      wait.run();
      Promise<TestRun> awaited = waiting.get(0);
      Workflow.await(() -> awaited.isCompleted() || checksSignalled);
      if (awaited.isCompleted()) {
        return awaited.get();
      }
      wait.cancel("the checksCompleted signal arrived");
      checksSignalled = false;
      TestRun look =
          checks(pr).checkTests(new ChecksQuery(pr, Workflow.currentTimeMillis() - started));
      if (!TestRun.PENDING.equals(look.status())) {
        return look;
      }
    }
  }

  /**
   * The result of a check, or, since {@link #INFRASTRUCTURE_RETRIED}, of running it again for as
   * long as it fails only because PostgreSQL was unavailable.
   */
  private static <T> T orAgainAfterOutage(Promise<T> first, Functions.Func<T> again) {
    try {
      return first.get();
    } catch (ActivityFailure failure) {
      ActivityFailure last = failure;
      while (isOutage(last)
          && Workflow.getVersion(INFRASTRUCTURE_RETRIED, Workflow.DEFAULT_VERSION, 1) >= 1) {
        log.warn("a check stopped for PostgreSQL, running it again: {}", Failures.reason(last));
        Workflow.sleep(INFRASTRUCTURE_PAUSE);
        try {
          return again.apply();
        } catch (ActivityFailure next) {
          last = next;
        }
      }
      throw last;
    }
  }

  private static boolean isOutage(ActivityFailure failure) {
    return failure.getCause() instanceof ApplicationFailure app
        && DATABASE_UNAVAILABLE.equals(app.getType());
  }

  @Override
  public void checksCompleted(ChecksCompleted event) {
    checksSignalled = true;
  }

  private static void rethrowIfCancelled(ActivityFailure failure) {
    if (TaskToPrWorkflowImpl.isCancellation(failure)) {
      throw failure;
    }
  }
}
