package dev.prflow.workflows;

import static dev.prflow.workflows.WorkflowFixtures.analysis;
import static dev.prflow.workflows.WorkflowFixtures.prompt;
import static dev.prflow.workflows.WorkflowFixtures.task;
import static dev.prflow.workflows.WorkflowFixtures.testRun;
import static dev.prflow.workflows.WorkflowFixtures.verdictFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.CancelRequest;
import dev.prflow.workflows.model.ClosePullRequest;
import dev.prflow.workflows.model.Decision;
import dev.prflow.workflows.model.DecisionAccepted;
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
import dev.prflow.workflows.model.TaskProgress;
import dev.prflow.workflows.model.TaskStatus;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.TimelineEntry;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * The strategy ladder, the approval gate, retry, and cancel, with time skipping. A hang is a
 * failure with a stack trace, never a stalled build.
 */
class TaskControlWorkflowTest extends PipelineWorkflowTest {

  /** While set, every agent run waits for it: the run stays in running_agent meanwhile. */
  private volatile CountDownLatch agentHeld;

  /** Verdicts handed out in order, one per validation; the last one repeats. */
  private final Deque<String> verdicts = new ArrayDeque<>();

  private void givenVerdicts(String... inOrder) {
    verdicts.addAll(List.of(inOrder));
    when(prompts.generatePrompt(any())).thenReturn(prompt());
    when(agents.runAgent(any()))
        .thenAnswer(
            call -> {
              AgentRunRequest r = call.getArgument(0);
              CountDownLatch held = agentHeld;
              if (held != null && !held.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the agent");
              }
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
    workflow.approve(Decision.viaTemporal("alice", "ship it"));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.reason())
        .startsWith("approved by alice via temporal; merged into main as ccccccc");
    verify(tasks).recordDecision(42L, Decision.viaTemporal("alice", "ship it"));
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
    workflow.approve(Decision.viaTemporal("gina", null));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcome.reason())
        .isEqualTo(
            "approved by gina via temporal, but the merge into main failed: pull request local:/repo#1 does"
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
    workflow.reject(Decision.viaTemporal("bob", "use BigDecimal, not double"));
    awaitAttempt(env, workflow, 2, TaskStatus.AWAITING_APPROVAL);
    workflow.approve(Decision.viaTemporal("bob", null));
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
    workflow.reject(Decision.viaTemporal("carol", "not needed"));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.REJECTED);
    assertThat(outcome.reason()).isEqualTo("rejected by carol via temporal: not needed");
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
    workflow.approve(Decision.viaTemporal("dana", null));
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
    workflow.approve(Decision.viaTemporal("erin", null));
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
    untyped.signal("approve", Decision.viaTemporal("gina", "second try, well formed"));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.reason()).isEqualTo("approved by gina via temporal");
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

  @Test
  void approveBeforeTheGateIsRefused(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenVerdicts(ValidationResult.PASS);
    agentHeld = new CountDownLatch(1);
    start(env, worker);
    TaskToPrWorkflow workflow = newWorkflow(client, worker);
    WorkflowClient.start(workflow::run, task(new TaskControls(1, true, 3600, true)));
    awaitStep(env, workflow, TaskStatus.RUNNING_AGENT);

    assertThatThrownBy(() -> workflow.approveAtGate(Decision.viaApi("ci", "looks fine")))
        .isInstanceOf(WorkflowUpdateException.class)
        .hasStackTraceContaining("the task is running_agent (attempt 1), not awaiting approval");
    agentHeld.countDown();
    TaskOutcome outcome = outcomeOf(env, workflow);

    // Validation passed, nobody approved at the gate: nothing merged.
    assertThat(outcome.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(outcome.reason()).startsWith("no approval within 1h");
    verify(codeHost, never()).mergePullRequest(any());
    verify(tasks, never()).recordDecision(anyLong(), any());
  }

  @Test
  void anApproveSignalSentEarlyIsIgnoredAndRecordedAndTheGateStillWaits(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenVerdicts(ValidationResult.PASS);
    agentHeld = new CountDownLatch(1);
    start(env, worker);
    TaskToPrWorkflow workflow = newWorkflow(client, worker);
    WorkflowClient.start(workflow::run, task(new TaskControls(1, true, 3600, true)));
    awaitStep(env, workflow, TaskStatus.RUNNING_AGENT);

    workflow.approve(Decision.viaTemporal("alice", "early"));
    agentHeld.countDown();
    awaitStep(env, workflow, TaskStatus.AWAITING_APPROVAL);
    env.sleep(Duration.ofMinutes(30));

    TaskProgress waiting = workflow.status();
    assertThat(waiting.step()).isEqualTo(TaskStatus.AWAITING_APPROVAL);
    String ignored =
        "approve by alice via temporal ignored: the task is running_agent (attempt 1), not"
            + " awaiting approval";
    assertThat(waiting.timeline())
        .filteredOn(e -> TaskToPrWorkflowImpl.SIGNAL_IGNORED.equals(e.step()))
        .extracting(TimelineEntry::outcome)
        .containsExactly(ignored);
    // The agent's step is still closed by the next one, not by the note after it.
    assertThat(waiting.timeline())
        .filteredOn(e -> TaskStatus.RUNNING_AGENT.equals(e.step()))
        .allSatisfy(e -> assertThat(e.endedAt()).isNotNull());
    verify(tasks, timeout(10_000))
        .recordStatus(
            argThat(
                c -> TaskStatus.RUNNING_AGENT.equals(c.status()) && ignored.equals(c.detail())));
    verify(codeHost, never()).mergePullRequest(any());

    workflow.approve(Decision.viaTemporal("alice", "now I saw it"));
    TaskOutcome outcome = outcomeOf(env, workflow);
    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.reason()).startsWith("approved by alice via temporal; merged into main");
    verify(tasks).recordDecision(42L, Decision.viaTemporal("alice", "now I saw it"));
    keepHistoryWhenAsked(client, "task-signal-ignored-outside-the-gate");
  }

  @Test
  void aRejectionInAttemptOneDoesNotCarryIntoAttemptTwosGate(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenVerdicts(ValidationResult.PASS);
    start(env, worker);
    TaskToPrWorkflow workflow = newWorkflow(client, worker);
    WorkflowClient.start(workflow::run, task(new TaskControls(2, true, 3600, false)));
    awaitStep(env, workflow, TaskStatus.AWAITING_APPROVAL);

    assertThat(workflow.rejectAtGate(Decision.viaApi("ci", "use BigDecimal")))
        .isEqualTo(new DecisionAccepted(DecisionAccepted.REJECTED, 1));
    // A second rejection (a double click on the CLI) arrives after the first one decided.
    workflow.reject(Decision.viaTemporal("bob", "again"));
    awaitAttempt(env, workflow, 2, TaskStatus.AWAITING_APPROVAL);
    env.sleep(Duration.ofMinutes(30));

    TaskProgress second = workflow.status();
    assertThat(second.attempt()).isEqualTo(2);
    assertThat(second.step()).isEqualTo(TaskStatus.AWAITING_APPROVAL);
    assertThat(second.timeline())
        .filteredOn(e -> TaskToPrWorkflowImpl.SIGNAL_IGNORED.equals(e.step()))
        .extracting(TimelineEntry::outcome)
        .singleElement()
        .asString()
        .startsWith("reject by bob via temporal ignored: ");
    assertThat(second.timeline())
        .filteredOn(e -> TaskStatus.AWAITING_APPROVAL.equals(e.step()))
        .extracting(TimelineEntry::outcome)
        .containsExactly("rejected by ci via api: use BigDecimal", null);

    assertThat(workflow.approveAtGate(Decision.viaApi("ci", null)))
        .isEqualTo(new DecisionAccepted(DecisionAccepted.APPROVED, 2));
    TaskOutcome outcome = outcomeOf(env, workflow);
    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.attempts()).isEqualTo(2);
    keepHistoryWhenAsked(client, "task-rejected-then-approved-via-update");
  }

  @Test
  void anApproveUpdateAtTheGateMergesAndRecordsWhoAndVia(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenVerdicts(ValidationResult.PASS);
    start(env, worker);
    TaskToPrWorkflow workflow = newWorkflow(client, worker);
    WorkflowClient.start(workflow::run, task(new TaskControls(1, true, 3600, true)));
    awaitStep(env, workflow, TaskStatus.AWAITING_APPROVAL);

    DecisionAccepted accepted = workflow.approveAtGate(Decision.viaApi("release-key", "lgtm"));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(accepted).isEqualTo(new DecisionAccepted(DecisionAccepted.APPROVED, 1));
    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.reason())
        .startsWith("approved by release-key via api; merged into main as ccccccc");
    verify(codeHost).mergePullRequest(any());
    verify(tasks).recordDecision(42L, Decision.viaApi("release-key", "lgtm"));
    verify(tasks)
        .recordStatus(
            argThat(
                c ->
                    TaskStatus.AWAITING_APPROVAL.equals(c.status())
                        && "approved by release-key via api: lgtm".equals(c.detail())));
    assertThat(workflow.status().timeline())
        .filteredOn(e -> TaskStatus.AWAITING_APPROVAL.equals(e.step()))
        .extracting(TimelineEntry::outcome)
        .containsExactly("approved by release-key via api: lgtm");
    keepHistoryWhenAsked(client, "task-approved-via-update");
  }

  @Test
  void aCliSignalAtTheGateStillDecidesMarkedViaTemporal(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    TaskToPrWorkflow workflow = waitingForApproval(env, worker, client);
    // What `temporal workflow signal --name approve --input '{"by":"alice","via":"api"}'` sends:
    // a signal never comes from the API, whatever it claims.
    WorkflowStub.fromTyped(workflow)
        .signal(TaskToPrWorkflow.APPROVE, Map.of("by", "alice", "via", "api"));
    TaskOutcome outcome = outcomeOf(env, workflow);

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.reason()).isEqualTo("approved by alice via temporal");
    verify(tasks).recordDecision(42L, Decision.viaTemporal("alice", null));
  }

  @Test
  void aDecisionWithoutViaIsMarkedAsComingFromTemporal() throws Exception {
    Decision d =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readValue("{\"by\":\"alice\"}", Decision.class);
    assertThat(d).isEqualTo(Decision.viaTemporal("alice", null));
    assertThat(d.who()).isEqualTo("by alice via temporal");
  }

  /**
   * With {@code -Dprflow.record.histories=DIR} (scripts/record-histories) the run's history is
   * written there for the replay suite, under a name no other test records.
   */
  private static void keepHistoryWhenAsked(WorkflowClient client, String name) {
    String dir = System.getProperty("prflow.record.histories");
    if (dir == null || dir.isBlank()) {
      return;
    }
    try {
      Files.writeString(Path.of(dir, name + ".json"), client.fetchHistory("task-42").toJson(true));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
