package dev.prflow.api;

import dev.prflow.activities.store.AgentRunRow;
import dev.prflow.activities.store.TaskRow;
import dev.prflow.api.validation.ApiException;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.Strategy;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskResume;
import dev.prflow.workflows.model.TaskStatus;
import io.temporal.client.WorkflowClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A retry of a task that has ended {@code validation_failed}, {@code failed} or {@code rejected}: a
 * new run of workflow {@code task-<id>} that continues the attempt numbers, the strategy ladder and
 * the pull request of the run before, with its own {@code max_attempts}. The task is taken back in
 * PostgreSQL first ({@link dev.prflow.activities.store.TaskStore#reopen}), so of concurrent retries
 * exactly one starts a run; the others get 409.
 */
final class EndedTaskRetry {

  /** Ended statuses a retry may start again; completed and cancelled stay ended. */
  static final Set<String> RETRYABLE =
      Set.of(TaskStatus.VALIDATION_FAILED, TaskStatus.FAILED, TaskStatus.REJECTED);

  private static final Logger log = LoggerFactory.getLogger(EndedTaskRetry.class);

  private final ApiDependencies deps;
  private final WorkflowStarter starter;

  EndedTaskRetry(ApiDependencies deps, WorkflowStarter starter) {
    this.deps = deps;
    this.starter = starter;
  }

  /** Starts the new run; the answer of {@code POST /api/v1/codegen/retry/{task_id}}. */
  Map<String, Object> retry(TaskRow task, String strategy, String by) {
    if (!RETRYABLE.contains(task.status())) {
      throw ApiException.conflict(
          "task "
              + task.id()
              + " has ended ("
              + task.status()
              + "); only a validation_failed, failed or rejected task can be retried");
    }
    int round = task.statusSeq() / StatusChange.ROUND + 1;
    if (round >= StatusChange.MAX_ROUNDS) {
      throw ApiException.conflict(
          "task " + task.id() + " has been run " + round + " times; submit a new task instead");
    }
    TaskOutcome previous = previousOutcome(task);
    int attempt = previous.attempts() + 1;
    String next = strategy != null ? strategy : Strategy.forAttempt(attempt);
    TaskResume resume = new TaskResume(round, previous, strategy, by);
    String who = by == null ? "retried via api" : "retried by " + by + " via api";
    String detail =
        who + " after it ended " + task.status() + ": attempt " + attempt + " (" + next + ")";
    if (!deps.tasks()
        .reopen(task.id(), task.status(), task.statusSeq(), resume.seqBase(), detail)) {
      throw ApiException.conflict(
          "task " + task.id() + " changed meanwhile (another retry started it); read it again");
    }
    boolean started;
    try {
      started = starter.startRerun(task, resume);
    } catch (RuntimeException unreachable) {
      log.warn("retry of task {} not started: {}", task.id(), unreachable.toString());
      deps.tasks().reclose(task, resume.seqBase(), "retry not started: Temporal unreachable");
      throw ApiException.unavailable("Temporal is unavailable; the task stays " + task.status());
    }
    if (!started) {
      deps.tasks().reclose(task, resume.seqBase(), "retry not started: a run is open");
      throw ApiException.conflict("task " + task.id() + " has a run open already");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("task_id", task.id());
    answer.put("attempt", attempt);
    answer.put("strategy", next);
    answer.put("queued", false);
    answer.put("new_run", true);
    answer.put("by", by);
    return answer;
  }

  /**
   * How the run before ended, from its workflow result; from PostgreSQL when Temporal no longer has
   * it. The attempts are never fewer than the agent runs recorded, so attempt numbers (and the
   * unique (task, attempt) rows) continue.
   */
  private TaskOutcome previousOutcome(TaskRow task) {
    int recorded =
        deps.agentRuns().forTask(task.id()).stream().mapToInt(AgentRunRow::attempt).max().orElse(0);
    TaskOutcome outcome = workflowResult(task).orElse(null);
    if (outcome == null) {
      return new TaskOutcome(
          task.id(), task.status(), task.failureReason(), recorded, null, null, 0);
    }
    return new TaskOutcome(
        task.id(),
        task.status(),
        outcome.reason() != null ? outcome.reason() : task.failureReason(),
        Math.max(outcome.attempts(), recorded),
        outcome.pr(),
        outcome.validation(),
        outcome.seq());
  }

  private Optional<TaskOutcome> workflowResult(TaskRow task) {
    WorkflowClient client = deps.workflowClient();
    try {
      return Optional.ofNullable(
          client
              .newUntypedWorkflowStub(task.workflowId())
              .getResult(3, TimeUnit.SECONDS, TaskOutcome.class));
    } catch (Exception unavailable) {
      log.info(
          "no result of {} from Temporal ({}); continuing from the database",
          task.workflowId(),
          unavailable.toString());
      return Optional.empty();
    }
  }
}
