package dev.prflow.workflows;

import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Analyses a pull request, runs its checks in parallel and compiles the verdict. Code review and
 * the security scan join {@code runTests} in the parallel section.
 */
public class PrValidationWorkflowImpl implements PrValidationWorkflow {

  static final ActivityOptions ANALYSIS_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
          .build();

  static final ActivityOptions TEST_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(70))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  static final ActivityOptions REPORT_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(10).build())
          .build();

  private final ValidationActivities analysis =
      Workflow.newActivityStub(ValidationActivities.class, ANALYSIS_OPTIONS);
  private final ValidationActivities tests =
      Workflow.newActivityStub(ValidationActivities.class, TEST_OPTIONS);
  private final ValidationActivities reports =
      Workflow.newActivityStub(ValidationActivities.class, REPORT_OPTIONS);

  @Override
  public ValidationResult validate(PrValidationInput input) {
    PrAnalysis shape = analysis.analyzePr(input.pr());

    Promise<TestRun> testRun = Async.function(tests::runTests, input.pr());
    // reviewCode and scanSecurity run here, beside runTests, once they exist.

    TestRun testResult;
    try {
      testResult = testRun.get();
    } catch (ActivityFailure failure) {
      if (TaskToPrWorkflowImpl.isCancellation(failure)) {
        throw failure;
      }
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
    String workflowId = Workflow.getInfo().getWorkflowId();
    return reports.compileReport(new ReportRequest(workflowId, input, shape, testResult));
  }
}
