package dev.prflow.workflows;

import static dev.prflow.workflows.WorkflowFixtures.analysis;
import static dev.prflow.workflows.WorkflowFixtures.pr;
import static dev.prflow.workflows.WorkflowFixtures.testRun;
import static dev.prflow.workflows.WorkflowFixtures.validationInput;
import static dev.prflow.workflows.WorkflowFixtures.verdictFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/** A hang is a failure with a stack trace, never a stalled build. */
@org.junit.jupiter.api.Timeout(
    value = 60,
    threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class PrValidationWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .setWorkflowTypes(PrValidationWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private final ValidationActivities validation =
      mock(ValidationActivities.class, withSettings().withoutAnnotations());
  private final ReviewActivities review =
      mock(ReviewActivities.class, withSettings().withoutAnnotations());

  private PrValidationWorkflow start(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    worker.registerActivitiesImplementations(validation, review);
    testEnv.start();
    return client.newWorkflowStub(
        PrValidationWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(worker.getTaskQueue())
            .setWorkflowId(pr().validationWorkflowId())
            .build());
  }

  private void givenTestsThatReturn(TestRun run) {
    doReturn(analysis()).when(validation).analyzePr(any());
    doReturn(run).when(validation).runTests(any());
    doAnswer(
            call -> {
              ReportRequest request = call.getArgument(0);
              return verdictFor(
                  request,
                  request.tests().passed() ? ValidationResult.PASS : ValidationResult.FAIL);
            })
        .when(validation)
        .compileReport(any());
  }

  @Test
  void reportJudgesAnalysisAndTestsOfThePullRequest(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    givenTestsThatReturn(testRun(TestRun.PASSED));
    PrValidationWorkflow workflow = start(testEnv, worker, client);

    ValidationResult result = workflow.validate(validationInput());

    assertThat(result.verdict()).isEqualTo(ValidationResult.PASS);
    assertThat(result.pr()).isEqualTo(pr());
    InOrder order = inOrder(validation);
    order.verify(validation).analyzePr(pr());
    order.verify(validation).runTests(pr());
    ArgumentCaptor<ReportRequest> report = ArgumentCaptor.forClass(ReportRequest.class);
    order.verify(validation).compileReport(report.capture());
    assertThat(report.getValue().workflowId()).isEqualTo("validate-local-shop-1a2b3c-7-fedcba9");
    assertThat(report.getValue().input()).isEqualTo(validationInput());
    assertThat(report.getValue().analysis()).isEqualTo(analysis());
    assertThat(report.getValue().tests()).isEqualTo(testRun(TestRun.PASSED));
  }

  @Test
  void aReportGitHubRefusesToTakeDoesNotUndoTheVerdict(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    givenTestsThatReturn(testRun(TestRun.PASSED));
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "GitHub POST /repos/o/r/issues/7/comments returned 403", "GitHubRequestRejected"))
        .when(validation)
        .publishReport(any());
    PrValidationWorkflow workflow = start(testEnv, worker, client);

    ValidationResult result = workflow.validate(validationInput());

    assertThat(result.verdict()).isEqualTo(ValidationResult.PASS);
    verify(validation, times(1)).publishReport(any());
  }

  @Test
  void failingTestsGiveAFailVerdict(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    givenTestsThatReturn(testRun(TestRun.FAILED));
    PrValidationWorkflow workflow = start(testEnv, worker, client);

    ValidationResult result = workflow.validate(validationInput());

    assertThat(result.verdict()).isEqualTo(ValidationResult.FAIL);
    assertThat(result.passed()).isFalse();
    assertThat(result.tests().status()).isEqualTo(TestRun.FAILED);
    verify(validation, times(1)).runTests(pr());
  }

  @Test
  void testsThatCannotRunAreRetriedThenReportedAsError(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    givenTestsThatReturn(testRun(TestRun.PASSED));
    doThrow(new IllegalStateException("no space left on device")).when(validation).runTests(any());
    PrValidationWorkflow workflow = start(testEnv, worker, client);

    ValidationResult result = workflow.validate(validationInput());

    verify(validation, times(3)).runTests(pr());
    ArgumentCaptor<ReportRequest> report = ArgumentCaptor.forClass(ReportRequest.class);
    verify(validation).compileReport(report.capture());
    TestRun tests = report.getValue().tests();
    assertThat(tests.status()).isEqualTo(TestRun.ERROR);
    assertThat(tests.reason()).isEqualTo("tests could not run: no space left on device");
    assertThat(tests.exitCode()).isNull();
    assertThat(result.verdict()).isEqualTo(ValidationResult.FAIL);
  }

  @Test
  void unanalysablePullRequestFailsWithoutRunningTests(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    givenTestsThatReturn(testRun(TestRun.PASSED));
    doThrow(ApplicationFailure.newNonRetryableFailure("pull request not found", "PrNotFound"))
        .when(validation)
        .analyzePr(any());
    PrValidationWorkflow workflow = start(testEnv, worker, client);

    assertThatThrownBy(() -> workflow.validate(validationInput()))
        .isInstanceOf(WorkflowFailedException.class)
        .cause()
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOf(ApplicationFailure.class)
        .hasMessageContaining("pull request not found");
    verify(validation, times(1)).analyzePr(pr());
    verify(validation, never()).runTests(any());
    verify(validation, never()).compileReport(any());
  }

  @Test
  void reviewAndScanResultsReachTheReport(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    Finding todo =
        new Finding("review", "src/A.java", 12, Finding.WARNING, "todo-added", "TODO added", null);
    Finding secret =
        new Finding("security", "config.yml", 3, Finding.ERROR, "aws-access-key-id", "AKIA…", null);
    when(validation.analyzePr(any())).thenReturn(analysis());
    when(validation.runTests(any())).thenReturn(testRun(TestRun.PASSED));
    when(review.reviewCode(any())).thenReturn(new ReviewResult(List.of(todo), List.of()));
    when(review.scanSecurity(any()))
        .thenReturn(new SecurityResult(List.of(secret), List.of(), List.of(), List.of()));
    when(validation.compileReport(any()))
        .thenAnswer(call -> verdictFor(call.getArgument(0), ValidationResult.FAIL));

    start(testEnv, worker, client).validate(validationInput());

    ArgumentCaptor<ReportRequest> request = ArgumentCaptor.forClass(ReportRequest.class);
    verify(validation).compileReport(request.capture());
    assertThat(request.getValue().review().findings()).containsExactly(todo);
    assertThat(request.getValue().security().secrets()).containsExactly(secret);
  }

  @Test
  void scanThatCannotRunDoesNotHideTheTestResults(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    when(validation.analyzePr(any())).thenReturn(analysis());
    when(validation.runTests(any())).thenReturn(testRun(TestRun.FAILED));
    when(review.reviewCode(any())).thenReturn(new ReviewResult(List.of(), List.of()));
    when(review.scanSecurity(any())).thenThrow(new IllegalStateException("scanner exploded"));
    when(validation.compileReport(any()))
        .thenAnswer(call -> verdictFor(call.getArgument(0), ValidationResult.FAIL));

    start(testEnv, worker, client).validate(validationInput());

    ArgumentCaptor<ReportRequest> request = ArgumentCaptor.forClass(ReportRequest.class);
    verify(validation).compileReport(request.capture());
    assertThat(request.getValue().tests().status()).isEqualTo(TestRun.FAILED);
    assertThat(request.getValue().security().skipped())
        .singleElement()
        .asString()
        .contains("security scan could not run")
        .contains("scanner exploded");
    verify(review, times(3)).scanSecurity(any());
  }

  /** Heartbeats until the server says the activity was cancelled, like a real wait. */
  private static TestRun waitUntilCancelled(java.util.concurrent.CountDownLatch started)
      throws InterruptedException {
    started.countDown();
    while (true) {
      try {
        io.temporal.activity.Activity.getExecutionContext().heartbeat("waiting");
      } catch (io.temporal.client.ActivityCompletionException cancelled) {
        throw cancelled;
      }
      Thread.sleep(100);
    }
  }

  private PrValidationWorkflow startOnGitHub(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) {
    when(validation.analyzePr(any())).thenReturn(analysis());
    when(review.reviewCode(any())).thenReturn(new ReviewResult(List.of(), List.of()));
    when(review.scanSecurity(any()))
        .thenReturn(new SecurityResult(List.of(), List.of(), List.of(), List.of()));
    when(validation.compileReport(any()))
        .thenAnswer(call -> verdictFor(call.getArgument(0), ValidationResult.PASS));
    worker.registerActivitiesImplementations(validation, review);
    testEnv.start();
    PrValidationWorkflow workflow =
        client.newWorkflowStub(
            PrValidationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowId(WorkflowFixtures.gitHubPr().validationWorkflowId())
                .build());
    WorkflowClient.start(
        workflow::validate,
        new dev.prflow.workflows.model.PrValidationInput(WorkflowFixtures.gitHubPr(), 42L, 1));
    return workflow;
  }

  private List<io.temporal.api.enums.v1.EventType> eventTypes(WorkflowClient client) {
    return client
        .fetchHistory(WorkflowFixtures.gitHubPr().validationWorkflowId())
        .getEvents()
        .stream()
        .map(e -> e.getEventType())
        .toList();
  }

  @Test
  void gitHubChecksAreWaitedForInOneActivityWhateverThePollInterval(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    TestRun green =
        new TestRun(TestRun.PASSED, "github-checks", null, 7_200_000, "success ci", false, null);
    when(validation.awaitChecks(any())).thenReturn(green);

    PrValidationWorkflow workflow = startOnGitHub(testEnv, worker, client);
    ValidationResult result =
        io.temporal.client.WorkflowStub.fromTyped(workflow).getResult(ValidationResult.class);

    assertThat(result.tests().status()).isEqualTo(TestRun.PASSED);
    verify(validation).awaitChecks(any());
    verify(validation, never()).checkTests(any());
    List<io.temporal.api.enums.v1.EventType> events = eventTypes(client);
    assertThat(events).doesNotContain(io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED);
    // Two hours of checks cost the history what one look costs: a fixed handful of events.
    assertThat(events).hasSizeLessThan(60);
    WorkflowFixtures.recordHistory(
        client,
        WorkflowFixtures.gitHubPr().validationWorkflowId(),
        "validation-github-checks-awaited.json");
  }

  @Test
  void theChecksSignalStopsTheWaitAndLooksAtOnce(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    java.util.concurrent.CountDownLatch waiting = new java.util.concurrent.CountDownLatch(1);
    TestRun green =
        new TestRun(TestRun.PASSED, "github-checks", null, 0, "success ci", false, null);
    when(validation.awaitChecks(any())).thenAnswer(call -> waitUntilCancelled(waiting));
    when(validation.checkTests(any())).thenReturn(green);

    PrValidationWorkflow workflow = startOnGitHub(testEnv, worker, client);
    assertThat(waiting.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    workflow.checksCompleted(
        new dev.prflow.workflows.model.ChecksCompleted(WorkflowFixtures.HEAD_SHA));
    ValidationResult result =
        io.temporal.client.WorkflowStub.fromTyped(workflow).getResult(ValidationResult.class);

    assertThat(result.tests().status()).isEqualTo(TestRun.PASSED);
    verify(validation).awaitChecks(any());
    verify(validation).checkTests(any());
    verify(validation, never()).runTests(any());
    assertThat(eventTypes(client))
        .contains(io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_CANCEL_REQUESTED)
        .doesNotContain(io.temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED);
    WorkflowFixtures.recordHistory(
        client,
        WorkflowFixtures.gitHubPr().validationWorkflowId(),
        "validation-github-checks-signalled.json");
  }

  @Test
  void testsStoppedByADatabaseOutageRunAgainInsteadOfCountingAsNotRun(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    givenTestsThatReturn(testRun(TestRun.PASSED));
    when(validation.runTests(any()))
        .thenThrow(
            ApplicationFailure.newFailure(
                "PostgreSQL unavailable while storing the test output: Connection refused",
                PrValidationWorkflowImpl.DATABASE_UNAVAILABLE))
        .thenThrow(
            ApplicationFailure.newFailure(
                "PostgreSQL unavailable while storing the test output: Connection refused",
                PrValidationWorkflowImpl.DATABASE_UNAVAILABLE))
        .thenThrow(
            ApplicationFailure.newFailure(
                "PostgreSQL unavailable while storing the test output: Connection refused",
                PrValidationWorkflowImpl.DATABASE_UNAVAILABLE))
        .thenReturn(testRun(TestRun.PASSED));

    ValidationResult result = start(testEnv, worker, client).validate(validationInput());

    assertThat(result.tests().status()).isEqualTo(TestRun.PASSED);
    assertThat(result.verdict()).isEqualTo(ValidationResult.PASS);
    verify(validation, times(4)).runTests(any());
    WorkflowFixtures.recordHistory(
        client, pr().validationWorkflowId(), "validation-tests-after-database-outage.json");
  }
}
