package dev.prflow.workflows;

import static dev.prflow.workflows.WorkflowFixtures.analysis;
import static dev.prflow.workflows.WorkflowFixtures.prompt;
import static dev.prflow.workflows.WorkflowFixtures.task;
import static dev.prflow.workflows.WorkflowFixtures.testRun;
import static dev.prflow.workflows.WorkflowFixtures.verdictFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.CancelRequest;
import dev.prflow.workflows.model.ClosePullRequest;
import dev.prflow.workflows.model.Decision;
import dev.prflow.workflows.model.Notification;
import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.RetryAccepted;
import dev.prflow.workflows.model.RetryRequest;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import dev.prflow.workflows.model.Strategy;
import dev.prflow.workflows.model.TaskControls;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskStatus;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The strategy ladder, the approval gate, retry, and cancel, with time skipping. A hang is a
 * failure with a stack trace, never a stalled build.
 */
class TaskControlWorkflowTest extends PipelineWorkflowTest {

  /** Verdicts handed out in order, one per validation; the last one repeats. */
  private final Deque<String> verdicts = new ArrayDeque<>();

  private void givenVerdicts(String... inOrder) {
    verdicts.addAll(List.of(inOrder));
    when(prompts.generatePrompt(any())).thenReturn(prompt());
    when(agents.runAgent(any()))
        .thenAnswer(
            call -> {
              AgentRunRequest r = call.getArgument(0);
              return new AgentRunResult(
                  "command",
                  r.branch(),
                  "a".repeat(40),
                  headFor(r.attempt()),
                  List.of("x"),
                  "ok",
                  false);
            });
    // A pull request per branch: its number is the attempt that created the branch.
    when(codeHost.openPullRequest(any()))
        .thenAnswer(
            call -> {
              PullRequestRequest r = call.getArgument(0);
              String branch = r.run().branch();
              int number = Integer.parseInt(branch.substring(branch.lastIndexOf('-') + 1));
              return new PullRequestRef(
                  "local",
                  "local:/repo",
                  "repo-1",
                  number,
                  "local:/repo#" + number,
                  "main",
                  branch,
                  "a".repeat(40),
                  r.run().headSha());
            });
    when(codeHost.mergePullRequest(any())).thenReturn("c".repeat(40));
    when(validation.analyzePr(any())).thenReturn(analysis());
    when(validation.runTests(any())).thenReturn(testRun(TestRun.PASSED));
    when(review.reviewCode(any())).thenReturn(new ReviewResult(List.of(), List.of()));
    when(review.scanSecurity(any()))
        .thenReturn(new SecurityResult(List.of(), List.of(), List.of(), List.of()));
    when(validation.compileReport(any()))
        .thenAnswer(
            call -> {
              String verdict = verdicts.size() > 1 ? verdicts.poll() : verdicts.peek();
              return verdictFor(call.getArgument(0), verdict);
            });
  }

  /** A one-attempt task that requires approval, started and waiting for it after a pass. */
  private TaskToPrWorkflow waitingForApproval(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenVerdicts(ValidationResult.PASS);
    start(env, worker);
    TaskToPrWorkflow workflow = newWorkflow(client, worker);
    WorkflowClient.start(workflow::run, task(new TaskControls(1, true, 3600, false)));
    awaitStep(env, workflow, TaskStatus.AWAITING_APPROVAL);
    return workflow;
  }

  private static String headFor(int attempt) {
    return String.valueOf(attempt).repeat(40);
  }

  private List<AgentRunRequest> agentRequests() {
    ArgumentCaptor<AgentRunRequest> runs = ArgumentCaptor.forClass(AgentRunRequest.class);
    verify(agents, atLeastOnce()).runAgent(runs.capture());
    return runs.getAllValues();
  }

  @Test
  void succeedsOnTheThirdAttemptAfterFixForwardAndRegeneratePrompt(
      TestWorkflowEnvironment env, Worker worker, TaskToPrWorkflow workflow) {
    givenVerdicts(ValidationResult.FAIL, ValidationResult.FAIL, ValidationResult.PASS);
    start(env, worker);

    TaskOutcome outcome = workflow.run(task(new TaskControls(3, false, 0, false)));

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.attempts()).isEqualTo(3);
    List<AgentRunRequest> runs = agentRequests();
    assertThat(runs)
        .extracting(AgentRunRequest::strategy)
        .containsExactly(Strategy.INITIAL, Strategy.FIX_FORWARD, Strategy.REGENERATE_PROMPT);
    assertThat(runs.get(1).branch()).isEqualTo(runs.get(0).branch());
    assertThat(runs.get(2).branch()).isEqualTo("prflow/task-42-3");
    // fix_forward kept PR #1; regenerate_prompt opened #3 and superseded #1: one open PR.
    ArgumentCaptor<ClosePullRequest> closed = ArgumentCaptor.forClass(ClosePullRequest.class);
    verify(codeHost).closePullRequest(closed.capture());
    assertThat(closed.getValue().pr().number()).isEqualTo(1);
    assertThat(closed.getValue().state()).isEqualTo("superseded");
    assertThat(outcome.pr().number()).isEqualTo(3);
  }

  @Test
  void aSupersededPullRequestThatCannotBeClosedDoesNotStopTheTask(
      TestWorkflowEnvironment env, Worker worker, TaskToPrWorkflow workflow) {
    givenVerdicts(ValidationResult.FAIL, ValidationResult.FAIL, ValidationResult.PASS);
    doThrow(
            ApplicationFailure.newNonRetryableFailure(
                "GitHub returned 403", "GitHubRequestRejected"))
        .when(codeHost)
        .closePullRequest(any());
    start(env, worker);

    TaskOutcome outcome = workflow.run(task(new TaskControls(3, false, 0, false)));

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.pr().number()).isEqualTo(3);
    verify(codeHost, times(1)).closePullRequest(any());
  }

  @Test
  void feedbackOfAFailedAttemptReachesTheNextPrompt(
      TestWorkflowEnvironment env, Worker worker, TaskToPrWorkflow workflow) {
    givenVerdicts(ValidationResult.FAIL, ValidationResult.PASS);
    start(env, worker);

    workflow.run(task(new TaskControls(2, false, 0, false)));

    ArgumentCaptor<PromptRequest> requests = ArgumentCaptor.forClass(PromptRequest.class);
    verify(prompts, atLeastOnce()).generatePrompt(requests.capture());
    assertThat(requests.getAllValues().get(0).feedback()).isNull();
    assertThat(requests.getAllValues().get(1).feedback())
        .contains("did not pass")
        .contains("verdict fail");
    assertThat(requests.getAllValues().get(1).strategy()).isEqualTo(Strategy.FIX_FORWARD);
  }

  @Test
  void climbsTheWholeLadderThenEndsValidationFailed(
      TestWorkflowEnvironment env, Worker worker, TaskToPrWorkflow workflow) {
    givenVerdicts(ValidationResult.FAIL);
    start(env, worker);

    TaskOutcome outcome = workflow.run(task(new TaskControls(5, false, 0, false)));

    assertThat(outcome.status()).isEqualTo(TaskStatus.VALIDATION_FAILED);
    assertThat(agentRequests())
        .extracting(AgentRunRequest::strategy)
        .containsExactly(
            Strategy.INITIAL,
            Strategy.FIX_FORWARD,
            Strategy.REGENERATE_PROMPT,
            Strategy.DIFFERENT_APPROACH,
            Strategy.SIMPLIFIED_SCOPE);
  }

  @Test
  void waitsForApprovalThenMergesWhenApproved(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenVerdicts(ValidationResult.PASS);
    start(env, worker);
    TaskToPrWorkflow workflow = newWorkflow(client, worker);

    WorkflowClient.start(workflow::run, task(new TaskControls(1, true, 3600, true)));
    awaitStep(env, workflow, TaskStatus.AWAITING_APPROVAL);
    workflow.approve(new Decision("alice", "ship it"));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.reason()).startsWith("approved by alice; merged into main as ccccccc");
    verify(tasks).recordDecision(42L, new Decision("alice", "ship it"));
    verify(codeHost).mergePullRequest(any());
  }

  @Test
  void anApprovedPullRequestThatCannotMergeEndsTheTaskSayingWhy(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenVerdicts(ValidationResult.PASS);
    when(codeHost.mergePullRequest(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "pull request local:/repo#1 does not merge cleanly into main", "MergeRefused"));
    start(env, worker);
    TaskToPrWorkflow workflow = newWorkflow(client, worker);

    WorkflowClient.start(workflow::run, task(new TaskControls(1, true, 3600, true)));
    awaitStep(env, workflow, TaskStatus.AWAITING_APPROVAL);
    workflow.approve(new Decision("gina", null));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcome.reason())
        .isEqualTo(
            "approved by gina, but the merge into main failed: pull request local:/repo#1 does"
                + " not merge cleanly into main; the pull request stays open");
    verify(codeHost, times(1)).mergePullRequest(any());
  }

  @Test
  void rejectionBecomesFeedbackForTheNextAttempt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenVerdicts(ValidationResult.PASS);
    start(env, worker);
    TaskToPrWorkflow workflow = newWorkflow(client, worker);

    WorkflowClient.start(workflow::run, task(new TaskControls(2, true, 3600, false)));
    awaitStep(env, workflow, TaskStatus.AWAITING_APPROVAL);
    workflow.reject(new Decision("bob", "use BigDecimal, not double"));
    awaitAttempt(env, workflow, 2, TaskStatus.AWAITING_APPROVAL);
    workflow.approve(new Decision("bob", null));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    ArgumentCaptor<PromptRequest> requests = ArgumentCaptor.forClass(PromptRequest.class);
    verify(prompts, atLeastOnce()).generatePrompt(requests.capture());
    assertThat(requests.getAllValues().get(1).feedback())
        .contains("bob")
        .contains("use BigDecimal, not double");
    verify(codeHost, never()).mergePullRequest(any());
  }

  @Test
  void rejectionWithNoAttemptLeftEndsRejected(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    TaskToPrWorkflow workflow = waitingForApproval(env, worker, client);
    workflow.reject(new Decision("carol", "not needed"));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(outcome.reason()).isEqualTo("rejected by carol: not needed");
  }

  @Test
  void approvalTimeoutEndsTheTaskWithoutWaitingInRealTime(
      TestWorkflowEnvironment env, Worker worker, TaskToPrWorkflow workflow) {
    givenVerdicts(ValidationResult.PASS);
    start(env, worker);

    TaskOutcome outcome = workflow.run(task(new TaskControls(1, true, 72 * 3600, false)));

    assertThat(outcome.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcome.reason()).startsWith("no approval within 72h");
  }

  @Test
  void retryUpdateRunsAnotherAttemptWithTheChosenStrategy(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    TaskToPrWorkflow workflow = waitingForApproval(env, worker, client);
    RetryAccepted accepted = workflow.retry(new RetryRequest(Strategy.SIMPLIFIED_SCOPE, "dana"));
    assertThat(accepted).isEqualTo(new RetryAccepted(2, Strategy.SIMPLIFIED_SCOPE, false));
    awaitAttempt(env, workflow, 2, TaskStatus.AWAITING_APPROVAL);
    workflow.approve(new Decision("dana", null));
    outcomeOf(env, workflow);

    assertThat(agentRequests())
        .extracting(AgentRunRequest::strategy)
        .containsExactly(Strategy.INITIAL, Strategy.SIMPLIFIED_SCOPE);
  }

  @Test
  void retryUpdateRejectsAnUnknownStrategy(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    TaskToPrWorkflow workflow = waitingForApproval(env, worker, client);

    assertThatThrownBy(() -> workflow.retry(new RetryRequest("yolo", null)))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("unknown strategy yolo");
    workflow.approve(new Decision("erin", null));
    assertThat(outcomeOf(env, workflow).status()).isEqualTo(TaskStatus.COMPLETED);
  }

  @Test
  void cancelSignalClosesThePullRequestAndEndsCancelled(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    TaskToPrWorkflow workflow = waitingForApproval(env, worker, client);
    workflow.cancel(new CancelRequest("priorities changed", "frank"));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(outcome.reason()).isEqualTo("cancelled by frank: priorities changed");
    ArgumentCaptor<ClosePullRequest> closed = ArgumentCaptor.forClass(ClosePullRequest.class);
    verify(codeHost).closePullRequest(closed.capture());
    assertThat(closed.getValue().state()).isEqualTo("closed");
  }

  @Test
  void malformedSignalIsDroppedAndTheWorkflowCarriesOn(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    TaskToPrWorkflow workflow = waitingForApproval(env, worker, client);
    WorkflowStub untyped = WorkflowStub.fromTyped(workflow);
    untyped.signal("approve", List.of("not", "an", "object"));
    untyped.signal("approve", new Decision("gina", "second try, well formed"));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.reason()).isEqualTo("approved by gina");
  }

  @Test
  void cancelArrivingWhileTheApprovalNoticeIsSentStillEndsCancelled(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    givenVerdicts(ValidationResult.PASS);
    CountDownLatch noticeStarted = new CountDownLatch(1);
    doAnswer(
            call -> {
              Notification n = call.getArgument(0);
              if (TaskStatus.AWAITING_APPROVAL.equals(n.event())) {
                noticeStarted.countDown();
                Thread.sleep(1500);
              }
              return null;
            })
        .when(notifier)
        .notify(any());
    start(env, worker);
    TaskToPrWorkflow workflow = newWorkflow(client, worker);

    WorkflowClient.start(workflow::run, task(new TaskControls(1, true, 3600, false)));
    assertThat(noticeStarted.await(30, TimeUnit.SECONDS)).isTrue();
    workflow.cancel(new CancelRequest("mid-notice", "hank"));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.CANCELLED);
  }

  /**
   * Waits for the run to end by querying its status, then reads the result. Temporal's test server
   * can miss waking a result long-poll that starts in the same instant a signal closes the run.
   */
  private static TaskOutcome outcomeOf(TestWorkflowEnvironment env, TaskToPrWorkflow wf) {
    for (int i = 0; i < 400 && !TaskStatus.isTerminal(wf.status().step()); i++) {
      env.sleep(Duration.ofMillis(50));
    }
    return WorkflowStub.fromTyped(wf).getResult(TaskOutcome.class);
  }

  private static TaskToPrWorkflow newWorkflow(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        TaskToPrWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId("task-42")
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  private static void awaitStep(TestWorkflowEnvironment env, TaskToPrWorkflow wf, String step) {
    awaitAttempt(env, wf, 1, step);
  }

  /** Polls the status query; sleeping in the test environment only skips workflow time. */
  private static void awaitAttempt(
      TestWorkflowEnvironment env, TaskToPrWorkflow wf, int attempt, String step) {
    for (int i = 0; i < 200; i++) {
      var status = wf.status();
      if (status.attempt() == attempt && step.equals(status.step())) {
        return;
      }
      env.sleep(Duration.ofMillis(50));
    }
    throw new AssertionError(
        "never reached " + step + " on attempt " + attempt + ": " + wf.status());
  }
}
