package dev.prflow.workflows;

import static dev.prflow.workflows.WorkflowFixtures.TASK_ID;
import static dev.prflow.workflows.WorkflowFixtures.agentRun;
import static dev.prflow.workflows.WorkflowFixtures.analysis;
import static dev.prflow.workflows.WorkflowFixtures.pr;
import static dev.prflow.workflows.WorkflowFixtures.prompt;
import static dev.prflow.workflows.WorkflowFixtures.task;
import static dev.prflow.workflows.WorkflowFixtures.testRun;
import static dev.prflow.workflows.WorkflowFixtures.verdictFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.Notification;
import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.Strategy;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskProgress;
import dev.prflow.workflows.model.TaskStatus;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.TimelineEntry;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

class TaskToPrWorkflowTest extends PipelineWorkflowTest {

  /** Every activity succeeds and the report compiler passes whatever it is shown. */
  private void givenAHealthyPipeline() {
    when(prompts.generatePrompt(any())).thenReturn(prompt());
    when(agents.runAgent(any())).thenReturn(agentRun());
    when(codeHost.openPullRequest(any())).thenReturn(pr());
    when(validation.analyzePr(any())).thenReturn(analysis());
    when(validation.runTests(any())).thenReturn(testRun(TestRun.PASSED));
    when(review.reviewCode(any())).thenReturn(new ReviewResult(List.of(), List.of()));
    when(review.scanSecurity(any()))
        .thenReturn(new SecurityResult(List.of(), List.of(), List.of(), List.of()));
    when(validation.compileReport(any()))
        .thenAnswer(call -> verdictFor(call.getArgument(0), ValidationResult.PASS));
  }

  private TaskOutcome recordedOutcome() {
    ArgumentCaptor<TaskOutcome> outcome = ArgumentCaptor.forClass(TaskOutcome.class);
    verify(tasks, atLeastOnce()).recordOutcome(outcome.capture());
    return outcome.getValue();
  }

  private List<StatusChange> recordedStatuses() {
    ArgumentCaptor<StatusChange> changes = ArgumentCaptor.forClass(StatusChange.class);
    verify(tasks, atLeastOnce()).recordStatus(changes.capture());
    return changes.getAllValues();
  }

  @Test
  void aStepsStatusWriteIsRetriedThroughADatabaseOutageUntilItIsWritten(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow) {
    givenAHealthyPipeline();
    int[] refusals = {3};
    doAnswer(
            call -> {
              StatusChange change = call.getArgument(0);
              if (TaskStatus.RUNNING_AGENT.equals(change.status()) && refusals[0]-- > 0) {
                throw ApplicationFailure.newFailure(
                    "PostgreSQL unavailable while recording the status: Connection refused",
                    "DatabaseUnavailable");
              }
              return null;
            })
        .when(tasks)
        .recordStatus(any());
    start(testEnv, worker);

    TaskOutcome outcome = workflow.run(task());

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(refusals[0]).isEqualTo(-1);
    assertThat(recordedStatuses())
        .extracting(StatusChange::status)
        .containsExactly(
            TaskStatus.VALIDATING,
            TaskStatus.GENERATING_PROMPT,
            TaskStatus.RUNNING_AGENT,
            TaskStatus.RUNNING_AGENT,
            TaskStatus.RUNNING_AGENT,
            TaskStatus.RUNNING_AGENT,
            TaskStatus.VALIDATING_PR);
    verify(agents, times(1)).runAgent(any());
  }

  /** A real clock: the local retries give up after 20 seconds, then the activity waits on. */
  @Test
  void aStatusWriteThroughALongerOutageWaitsAsAnActivityUntilItIsWritten(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow) throws Exception {
    givenAHealthyPipeline();
    long outageEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
    List<Boolean> localTries = new java.util.concurrent.CopyOnWriteArrayList<>();
    doAnswer(
            call -> {
              StatusChange change = call.getArgument(0);
              if (TaskStatus.RUNNING_AGENT.equals(change.status())) {
                localTries.add(Activity.getExecutionContext().getInfo().isLocal());
                if (System.nanoTime() < outageEnds) {
                  throw ApplicationFailure.newFailure(
                      "PostgreSQL unavailable while recording the status: Connection refused",
                      "DatabaseUnavailable");
                }
              }
              return null;
            })
        .when(tasks)
        .recordStatus(any());
    start(testEnv, worker);

    TaskOutcome outcome = workflow.run(task());

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(localTries).startsWith(true).endsWith(false);
    verify(agents, times(1)).runAgent(any());
    // The hand-over from the local activity to the activity replays as it ran.
    WorkflowReplayer.replayWorkflowExecution(
        testEnv
            .getWorkflowClient()
            .fetchHistory(WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId()),
        TaskToPrWorkflowImpl.class,
        PrValidationWorkflowImpl.class);
  }

  @Test
  void completesWhenValidationPasses(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow) {
    givenAHealthyPipeline();
    start(testEnv, worker);

    TaskOutcome outcome = workflow.run(task());

    assertThat(outcome.taskId()).isEqualTo(TASK_ID);
    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.attempts()).isEqualTo(1);
    assertThat(outcome.pr()).isEqualTo(pr());
    assertThat(outcome.validation().verdict()).isEqualTo(ValidationResult.PASS);
    assertThat(outcome.reason()).isEqualTo(outcome.validation().summary());

    assertThat(recordedStatuses())
        .extracting(StatusChange::taskId, StatusChange::seq, StatusChange::status)
        .containsExactly(
            tuple(TASK_ID, 1, TaskStatus.VALIDATING),
            tuple(TASK_ID, 2, TaskStatus.GENERATING_PROMPT),
            tuple(TASK_ID, 3, TaskStatus.RUNNING_AGENT),
            tuple(TASK_ID, 4, TaskStatus.VALIDATING_PR));

    InOrder order = inOrder(tasks, prompts, agents, codeHost, validation, notifier);
    order.verify(tasks).validateTask(task());
    order.verify(prompts).generatePrompt(any());
    order.verify(agents).runAgent(any());
    order.verify(codeHost).openPullRequest(any());
    order.verify(validation).analyzePr(pr());
    order.verify(validation).runTests(pr());
    order.verify(validation).compileReport(any());
    order.verify(tasks).recordOutcome(outcome);
    order.verify(notifier).notify(any());

    ArgumentCaptor<PromptRequest> promptRequest = ArgumentCaptor.forClass(PromptRequest.class);
    verify(prompts).generatePrompt(promptRequest.capture());
    assertThat(promptRequest.getValue().style())
        .isEqualTo(TaskToPrWorkflowImpl.DEFAULT_PROMPT_STYLE);
    assertThat(promptRequest.getValue().attempt()).isEqualTo(1);
    assertThat(promptRequest.getValue().strategy()).isEqualTo(Strategy.INITIAL);

    ArgumentCaptor<AgentRunRequest> agentRequest = ArgumentCaptor.forClass(AgentRunRequest.class);
    verify(agents).runAgent(agentRequest.capture());
    assertThat(agentRequest.getValue().prompt()).isEqualTo(WorkflowFixtures.PROMPT_TEXT);
    assertThat(agentRequest.getValue().branch()).isEqualTo("prflow/task-42-1");

    ArgumentCaptor<PullRequestRequest> prRequest =
        ArgumentCaptor.forClass(PullRequestRequest.class);
    verify(codeHost).openPullRequest(prRequest.capture());
    assertThat(prRequest.getValue().run()).isEqualTo(agentRun());

    ArgumentCaptor<ReportRequest> report = ArgumentCaptor.forClass(ReportRequest.class);
    verify(validation).compileReport(report.capture());
    assertThat(report.getValue().workflowId())
        .isEqualTo(pr().taskValidationWorkflowId(TASK_ID, 1))
        .isEqualTo("validate-local-shop-1a2b3c-7-fedcba9-task-42-1");
    assertThat(report.getValue().input().taskId()).isEqualTo(TASK_ID);
    assertThat(report.getValue().input().attempt()).isEqualTo(1);
    assertThat(report.getValue().tests().status()).isEqualTo(TestRun.PASSED);

    ArgumentCaptor<Notification> notification = ArgumentCaptor.forClass(Notification.class);
    verify(notifier).notify(notification.capture());
    assertThat(notification.getValue().event()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(notification.getValue().taskId()).isEqualTo(TASK_ID);
    assertThat(notification.getValue().url()).isEqualTo(pr().url());
  }

  /**
   * A webhook (or {@code POST /api/v1/validations}) validating the same head commit first holds the
   * pull request's own validation id; the task's child runs under its own id beside it.
   */
  @Test
  void aValidationTheWebhookStartedFirstDoesNotFailTheTasksChild(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow) throws Exception {
    givenAHealthyPipeline();
    CountDownLatch webhookRunning = new CountDownLatch(1);
    CountDownLatch releaseWebhook = new CountDownLatch(1);
    when(validation.analyzePr(any()))
        .thenAnswer(
            call -> {
              if (Activity.getExecutionContext()
                  .getInfo()
                  .getWorkflowId()
                  .equals(pr().validationWorkflowId())) {
                webhookRunning.countDown();
                releaseWebhook.await(30, TimeUnit.SECONDS);
              }
              return analysis();
            });
    start(testEnv, worker);
    PrValidationWorkflow webhooks =
        testEnv
            .getWorkflowClient()
            .newWorkflowStub(
                PrValidationWorkflow.class,
                io.temporal.client.WorkflowOptions.newBuilder()
                    .setTaskQueue(worker.getTaskQueue())
                    .setWorkflowId(pr().validationWorkflowId())
                    .build());
    WorkflowClient.start(
        webhooks::validate, new dev.prflow.workflows.model.PrValidationInput(pr(), null, null));
    assertThat(webhookRunning.await(30, TimeUnit.SECONDS)).isTrue();

    TaskOutcome outcome = workflow.run(task());
    releaseWebhook.countDown();

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(WorkflowStub.fromTyped(webhooks).getResult(ValidationResult.class).verdict())
        .isEqualTo(ValidationResult.PASS);
    ArgumentCaptor<ReportRequest> reports = ArgumentCaptor.forClass(ReportRequest.class);
    verify(validation, times(2)).compileReport(reports.capture());
    assertThat(reports.getAllValues())
        .extracting(ReportRequest::workflowId)
        .containsExactlyInAnyOrder(
            pr().validationWorkflowId(), pr().taskValidationWorkflowId(TASK_ID, 1));
    WorkflowFixtures.recordHistory(
        testEnv.getWorkflowClient(),
        WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId(),
        "task-own-validation-id.json");
  }

  @Test
  void invalidTaskStopsBeforeTheAgent(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow) {
    givenAHealthyPipeline();
    doThrow(ApplicationFailure.newNonRetryableFailure("task has no repository", "InvalidTask"))
        .when(tasks)
        .validateTask(any());
    start(testEnv, worker);

    TaskOutcome outcome = workflow.run(task());

    assertThat(outcome.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcome.reason()).contains("task has no repository");
    assertThat(outcome.pr()).isNull();
    assertThat(outcome.validation()).isNull();
    verify(tasks, times(1)).validateTask(any());
    verify(prompts, never()).generatePrompt(any());
    verify(agents, never()).runAgent(any());
    verify(codeHost, never()).openPullRequest(any());
    assertThat(recordedStatuses())
        .extracting(StatusChange::status)
        .containsExactly(TaskStatus.VALIDATING);
    assertThat(recordedOutcome().status()).isEqualTo(TaskStatus.FAILED);
    ArgumentCaptor<Notification> notification = ArgumentCaptor.forClass(Notification.class);
    verify(notifier).notify(notification.capture());
    assertThat(notification.getValue().event()).isEqualTo(TaskStatus.FAILED);
    assertThat(notification.getValue().url()).isNull();
  }

  @Test
  void agentThatKeepsFailingEndsTaskFailedWithItsReason(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow) {
    givenAHealthyPipeline();
    doThrow(ApplicationFailure.newFailure("agent command exited with 1", "AgentFailed"))
        .when(agents)
        .runAgent(any());
    start(testEnv, worker);

    TaskOutcome outcome = workflow.run(task());

    assertThat(outcome.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcome.reason()).contains("agent command exited with 1");
    assertThat(outcome.pr()).isNull();
    verify(agents, times(3)).runAgent(any());
    verify(codeHost, never()).openPullRequest(any());
    verify(validation, never()).analyzePr(any());
    assertThat(recordedOutcome()).isEqualTo(outcome);
  }

  @Test
  void agentThatChangesNothingIsNotRetried(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow) {
    givenAHealthyPipeline();
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "agent finished without changing any file", "AgentNoChanges"))
        .when(agents)
        .runAgent(any());
    start(testEnv, worker);

    TaskOutcome outcome = workflow.run(task());

    assertThat(outcome.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcome.reason()).contains("agent finished without changing any file");
    verify(agents, times(1)).runAgent(any());
    verify(codeHost, never()).openPullRequest(any());
  }

  @Test
  void failingTestsEndTaskValidationFailed(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow) {
    givenAHealthyPipeline();
    doReturn(testRun(TestRun.FAILED)).when(validation).runTests(any());
    doAnswer(call -> verdictFor(call.getArgument(0), ValidationResult.FAIL))
        .when(validation)
        .compileReport(any());
    start(testEnv, worker);

    TaskOutcome outcome = workflow.run(task());

    assertThat(outcome.status()).isEqualTo(TaskStatus.VALIDATION_FAILED);
    assertThat(outcome.pr()).isEqualTo(pr());
    assertThat(outcome.validation().verdict()).isEqualTo(ValidationResult.FAIL);
    assertThat(outcome.validation().tests().status()).isEqualTo(TestRun.FAILED);
    assertThat(outcome.reason()).isEqualTo("verdict fail, tests failed");
    assertThat(recordedOutcome().status()).isEqualTo(TaskStatus.VALIDATION_FAILED);
    ArgumentCaptor<Notification> notification = ArgumentCaptor.forClass(Notification.class);
    verify(notifier).notify(notification.capture());
    assertThat(notification.getValue().event()).isEqualTo(TaskStatus.VALIDATION_FAILED);
  }

  @Test
  void testActivityCrashStillProducesAReport(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow) {
    givenAHealthyPipeline();
    doThrow(new IllegalStateException("worktree is locked")).when(validation).runTests(any());
    doAnswer(call -> verdictFor(call.getArgument(0), ValidationResult.NEEDS_CHANGES))
        .when(validation)
        .compileReport(any());
    start(testEnv, worker);

    TaskOutcome outcome = workflow.run(task());

    ArgumentCaptor<ReportRequest> report = ArgumentCaptor.forClass(ReportRequest.class);
    verify(validation).compileReport(report.capture());
    TestRun tests = report.getValue().tests();
    assertThat(tests.status()).isEqualTo(TestRun.ERROR);
    assertThat(tests.reason()).isEqualTo("tests could not run: worktree is locked");
    assertThat(report.getValue().analysis()).isEqualTo(analysis());
    verify(validation, times(3)).runTests(pr());
    assertThat(outcome.status()).isEqualTo(TaskStatus.VALIDATION_FAILED);
    assertThat(outcome.validation().tests().status()).isEqualTo(TestRun.ERROR);
  }

  @Test
  void aNoticeFailingForeverIsRetriedForHoursButDoesNotFailTheTask(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow) {
    givenAHealthyPipeline();
    doThrow(ApplicationFailure.newFailure("webhook answered 503", "NotificationUndelivered"))
        .when(notifier)
        .notify(any());
    start(testEnv, worker);
    long started = testEnv.currentTimeMillis();

    TaskOutcome outcome = workflow.run(task());

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.pr()).isEqualTo(pr());
    // 5 s doubling to 10 min within the 2 h bound: about twenty tries, then given up.
    verify(notifier, atLeast(10)).notify(any());
    assertThat(testEnv.currentTimeMillis() - started)
        .isGreaterThanOrEqualTo(TaskToPrWorkflowImpl.NOTIFY_GIVE_UP.toMillis() - 600_000);
    assertThat(recordedOutcome().status()).isEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void statusQueryShowsStepAndTimeline(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow)
      throws InterruptedException {
    givenAHealthyPipeline();
    CountDownLatch agentStarted = new CountDownLatch(1);
    CountDownLatch agentMayFinish = new CountDownLatch(1);
    doAnswer(
            call -> {
              agentStarted.countDown();
              agentMayFinish.await(30, TimeUnit.SECONDS);
              return agentRun();
            })
        .when(agents)
        .runAgent(any());
    start(testEnv, worker);

    WorkflowClient.start(workflow::run, task());
    assertThat(agentStarted.await(30, TimeUnit.SECONDS)).isTrue();

    TaskProgress running = workflow.status();
    agentMayFinish.countDown();
    assertThat(running.step()).isEqualTo(TaskStatus.RUNNING_AGENT);
    assertThat(running.attempt()).isEqualTo(1);
    assertThat(running.strategy()).isEqualTo(Strategy.INITIAL);
    assertThat(running.pr()).isNull();
    assertThat(running.timeline())
        .extracting(TimelineEntry::step)
        .containsExactly(
            TaskStatus.VALIDATING, TaskStatus.GENERATING_PROMPT, TaskStatus.RUNNING_AGENT);
    assertThat(running.timeline().get(0).endedAt()).isNotNull();
    assertThat(running.timeline().get(1).endedAt()).isNotNull();
    assertThat(running.timeline().get(2).endedAt()).isNull();

    TaskOutcome outcome = WorkflowStub.fromTyped(workflow).getResult(TaskOutcome.class);
    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);

    TaskProgress done = workflow.status();
    assertThat(done.step()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(done.pr()).isEqualTo(pr());
    assertThat(done.lastVerdict()).isEqualTo(ValidationResult.PASS);
    assertThat(done.timeline())
        .extracting(TimelineEntry::step, TimelineEntry::outcome)
        .containsExactly(
            tuple(TaskStatus.VALIDATING, "ok"),
            tuple(TaskStatus.GENERATING_PROMPT, "ok"),
            tuple(TaskStatus.RUNNING_AGENT, "ok"),
            tuple(TaskStatus.VALIDATING_PR, "ok"),
            tuple(TaskStatus.COMPLETED, outcome.reason()));
    long previousStart = Long.MIN_VALUE;
    for (TimelineEntry entry : done.timeline()) {
      assertThat(entry.endedAt()).as(entry.step() + " ended").isNotNull();
      assertThat(entry.endedAt()).as(entry.step()).isGreaterThanOrEqualTo(entry.startedAt());
      assertThat(entry.startedAt()).as(entry.step()).isGreaterThanOrEqualTo(previousStart);
      previousStart = entry.startedAt();
    }
  }

  @Test
  void cancellingTheWorkflowRecordsCancelled(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow)
      throws InterruptedException {
    givenAHealthyPipeline();
    CountDownLatch agentStarted = new CountDownLatch(1);
    CountDownLatch testDone = new CountDownLatch(1);
    // The agent heartbeats until the test ends; the workflow cancels it with TRY_CANCEL and so
    // does not wait for the activity to notice (heartbeats are throttled to 80% of the 1 min
    // heartbeat timeout, so the activity would only learn of it much later).
    doAnswer(heartbeatUntil(agentStarted, testDone, agentRun())).when(agents).runAgent(any());
    start(testEnv, worker);

    WorkflowClient.start(workflow::run, task());
    assertThat(agentStarted.await(30, TimeUnit.SECONDS)).isTrue();
    cancelled(workflow, testDone);

    verify(codeHost, never()).openPullRequest(any());
    ArgumentCaptor<Notification> notification = ArgumentCaptor.forClass(Notification.class);
    verify(notifier).notify(notification.capture());
    assertThat(notification.getValue().event()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(workflow.status().step()).isEqualTo(TaskStatus.CANCELLED);
  }

  @Test
  void cancellingWhileThePrIsValidatedRecordsCancelled(
      TestWorkflowEnvironment testEnv, Worker worker, TaskToPrWorkflow workflow)
      throws InterruptedException {
    givenAHealthyPipeline();
    CountDownLatch testsStarted = new CountDownLatch(1);
    CountDownLatch testDone = new CountDownLatch(1);
    doAnswer(heartbeatUntil(testsStarted, testDone, testRun(TestRun.PASSED)))
        .when(validation)
        .runTests(any());
    start(testEnv, worker);

    WorkflowClient.start(workflow::run, task());
    assertThat(testsStarted.await(30, TimeUnit.SECONDS)).isTrue();
    TaskOutcome recorded = cancelled(workflow, testDone);

    assertThat(recorded.pr()).isEqualTo(pr());
    assertThat(workflow.status().step()).isEqualTo(TaskStatus.CANCELLED);
  }

  /** An activity that says it started, then heartbeats until {@code release}, then returns. */
  private static <T> org.mockito.stubbing.Answer<T> heartbeatUntil(
      CountDownLatch started, CountDownLatch release, T result) {
    return call -> {
      started.countDown();
      while (!release.await(50, TimeUnit.MILLISECONDS)) {
        Activity.getExecutionContext().heartbeat("working");
      }
      return result;
    };
  }

  /**
   * Cancels the run as {@code temporal workflow cancel} does, then lets the blocked activity end;
   * returns the one outcome recorded, which must be {@code cancelled}.
   */
  private TaskOutcome cancelled(TaskToPrWorkflow workflow, CountDownLatch activityMayEnd) {
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    stub.cancel();
    assertThatThrownBy(() -> stub.getResult(TaskOutcome.class))
        .isInstanceOf(WorkflowFailedException.class)
        .hasCauseInstanceOf(CanceledFailure.class);
    activityMayEnd.countDown();
    ArgumentCaptor<TaskOutcome> outcomes = ArgumentCaptor.forClass(TaskOutcome.class);
    verify(tasks, atLeastOnce()).recordOutcome(outcomes.capture());
    assertThat(outcomes.getAllValues())
        .extracting(TaskOutcome::status)
        .containsExactly(TaskStatus.CANCELLED);
    return outcomes.getValue();
  }
}
