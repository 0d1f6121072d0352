package dev.prflow.workflows;

import static dev.prflow.workflows.WorkflowFixtures.analysis;
import static dev.prflow.workflows.WorkflowFixtures.task;
import static dev.prflow.workflows.WorkflowFixtures.testRun;
import static dev.prflow.workflows.WorkflowFixtures.verdictFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.Strategy;
import dev.prflow.workflows.model.TaskControls;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskResume;
import dev.prflow.workflows.model.TaskSpec;
import dev.prflow.workflows.model.TaskStatus;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/**
 * Tasks from {@code POST /api/v1/codegen/create-pr} (a prompt of their own, no prompt generation)
 * and new runs of ended tasks (attempt numbers, ladder and status sequence continued).
 */
class CodegenWorkflowTest extends PipelineWorkflowTest {

  private static final String GIVEN = "Rename Calculator.add to Calculator.sum everywhere.";

  private final Deque<String> verdicts = new ArrayDeque<>();

  private void givenVerdicts(String... inOrder) {
    verdicts.addAll(List.of(inOrder));
    when(prompts.generatePrompt(any())).thenReturn(WorkflowFixtures.prompt());
    when(agents.runAgent(any()))
        .thenAnswer(
            call -> {
              AgentRunRequest r = call.getArgument(0);
              return new AgentRunResult(
                  "command",
                  r.branch(),
                  "a".repeat(40),
                  String.valueOf(r.attempt()).repeat(40),
                  List.of("x"),
                  "ok",
                  false);
            });
    // The pull request's number is the attempt that opened its branch.
    when(codeHost.openPullRequest(any()))
        .thenAnswer(
            call -> {
              PullRequestRequest r = call.getArgument(0);
              return pullRequest(r.attempt(), r.run().branch(), r.run().headSha());
            });
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

  private static PullRequestRef pullRequest(int number, String branch, String head) {
    return new PullRequestRef(
        "local",
        "local:/repo",
        "repo-1",
        number,
        "local:/repo#" + number,
        "main",
        branch,
        "a".repeat(40),
        head);
  }

  private static TaskSpec givenPromptTask(TaskControls controls, String branchName) {
    TaskSpec t = task(controls);
    return new TaskSpec(
        t.id(),
        "Rename add to sum",
        "",
        List.of(),
        List.of(),
        t.priority(),
        t.estimatedComplexity(),
        t.repository(),
        t.baseBranch(),
        null,
        controls,
        GIVEN,
        branchName,
        null);
  }

  private static TaskToPrWorkflow newWorkflow(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        TaskToPrWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId("task-42")
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  private List<AgentRunRequest> agentRequests() {
    ArgumentCaptor<AgentRunRequest> runs = ArgumentCaptor.forClass(AgentRunRequest.class);
    verify(agents, atLeastOnce()).runAgent(runs.capture());
    return runs.getAllValues();
  }

  private List<StatusChange> statusChanges() {
    ArgumentCaptor<StatusChange> changes = ArgumentCaptor.forClass(StatusChange.class);
    verify(tasks, atLeastOnce()).recordStatus(changes.capture());
    return changes.getAllValues();
  }

  @Test
  void createPrSkipsPromptGeneration(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    givenVerdicts(ValidationResult.FAIL, ValidationResult.PASS);
    start(env, worker);
    TaskToPrWorkflow workflow = newWorkflow(client, worker);

    TaskOutcome outcome =
        workflow.run(givenPromptTask(new TaskControls(2, false, 0, false), "feature/sum"));

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    verify(prompts, never()).generatePrompt(any());
    List<AgentRunRequest> runs = agentRequests();
    assertThat(runs.get(0).prompt()).isEqualTo(GIVEN);
    assertThat(runs.get(0).branch()).isEqualTo("feature/sum");
    // The second attempt (fix_forward) keeps the branch and gets the given prompt plus feedback.
    assertThat(runs.get(1).strategy()).isEqualTo(Strategy.FIX_FORWARD);
    assertThat(runs.get(1).branch()).isEqualTo("feature/sum");
    assertThat(runs.get(1).prompt())
        .startsWith(GIVEN)
        .contains("## Feedback from the previous attempt")
        .contains("verdict fail");
    assertThat(statusChanges())
        .extracting(StatusChange::status)
        .doesNotContain(TaskStatus.GENERATING_PROMPT);
    WorkflowFixtures.recordHistory(client, "task-42", "task-given-prompt.json");
  }

  @Test
  void aGivenPromptTaskWithoutABranchNameUsesPrflowsBranches(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenVerdicts(ValidationResult.PASS);
    start(env, worker);

    newWorkflow(client, worker).run(givenPromptTask(new TaskControls(1, false, 0, false), null));

    assertThat(agentRequests().get(0).branch()).isEqualTo("prflow/task-42-1");
    verify(prompts, never()).generatePrompt(any());
  }

  @Test
  void retryOfAValidationFailedTaskContinuesTheAttemptNumbers(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    givenVerdicts(ValidationResult.PASS);
    start(env, worker);
    ValidationResult failed =
        new ValidationResult(
            7L,
            ValidationResult.FAIL,
            "verdict fail, tests failed",
            pullRequest(2, "prflow/task-42-1", "2".repeat(40)),
            analysis(),
            testRun(TestRun.FAILED));
    TaskOutcome before =
        new TaskOutcome(
            42L,
            TaskStatus.VALIDATION_FAILED,
            "verdict fail, tests failed",
            2,
            failed.pr(),
            failed,
            StatusChange.OUTCOME);
    TaskSpec again =
        task(new TaskControls(1, false, 0, false)).resumed(new TaskResume(1, before, null, "ops"));

    TaskOutcome outcome = newWorkflow(client, worker).run(again);

    assertThat(outcome.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(outcome.attempts()).isEqualTo(3);
    assertThat(outcome.seq()).isEqualTo(StatusChange.ROUND + StatusChange.OUTCOME);
    AgentRunRequest run = agentRequests().get(0);
    assertThat(run.attempt()).isEqualTo(3);
    assertThat(run.strategy()).isEqualTo(Strategy.REGENERATE_PROMPT);
    ArgumentCaptor<PromptRequest> prompt = ArgumentCaptor.forClass(PromptRequest.class);
    verify(prompts).generatePrompt(prompt.capture());
    assertThat(prompt.getValue().feedback()).contains("verdict fail");
    // Every write of the new run lies above the run before's outcome.
    assertThat(statusChanges())
        .extracting(StatusChange::seq)
        .allSatisfy(seq -> assertThat(seq).isGreaterThan(StatusChange.ROUND));
    // The earlier attempt's pull request is superseded by the new one.
    verify(codeHost).closePullRequest(any());
    WorkflowFixtures.recordHistory(client, "task-42", "task-resumed-after-validation-failed.json");
  }

  @Test
  void retryOfAnEndedTaskWithFixForwardContinuesTheLastPullRequestsBranch(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    givenVerdicts(ValidationResult.PASS);
    start(env, worker);
    TaskOutcome before =
        new TaskOutcome(
            42L,
            TaskStatus.REJECTED,
            "rejected by alice via api: use BigDecimal",
            1,
            pullRequest(1, "prflow/task-42-1", "1".repeat(40)),
            null,
            StatusChange.OUTCOME);
    TaskSpec again =
        task(new TaskControls(1, false, 0, false))
            .resumed(new TaskResume(1, before, Strategy.FIX_FORWARD, "ops"));

    TaskOutcome outcome = newWorkflow(client, worker).run(again);

    assertThat(outcome.attempts()).isEqualTo(2);
    AgentRunRequest run = agentRequests().get(0);
    assertThat(run.strategy()).isEqualTo(Strategy.FIX_FORWARD);
    assertThat(run.branch()).isEqualTo("prflow/task-42-1");
    ArgumentCaptor<PromptRequest> prompt = ArgumentCaptor.forClass(PromptRequest.class);
    verify(prompts).generatePrompt(prompt.capture());
    assertThat(prompt.getValue().feedback()).contains("use BigDecimal");
  }
}
