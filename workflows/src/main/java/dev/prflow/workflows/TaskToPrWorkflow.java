package dev.prflow.workflows;

import dev.prflow.workflows.model.CancelRequest;
import dev.prflow.workflows.model.Decision;
import dev.prflow.workflows.model.RetryAccepted;
import dev.prflow.workflows.model.RetryRequest;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskProgress;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Turns one task into a validated pull request. Workflow id {@code task-<taskId>}. The signal,
 * query and update names are typed by users into the temporal CLI and never change silently.
 */
@WorkflowInterface
public interface TaskToPrWorkflow {

  String TYPE = "TaskToPr";

  @WorkflowMethod(name = TYPE)
  TaskOutcome run(TaskSpec task);

  /** Where the run is now; served by the API while the task is open. */
  @QueryMethod(name = "status")
  TaskProgress status();

  /** Releases a passing pull request that waits for approval. */
  @SignalMethod(name = "approve")
  void approve(Decision decision);

  /** Sends a passing pull request back: the comment becomes feedback for the next attempt. */
  @SignalMethod(name = "reject")
  void reject(Decision decision);

  /** Stops the task: running agent and test processes, the open pull request, the workflow. */
  @SignalMethod(name = "cancel")
  void cancel(CancelRequest request);

  /** Asks for another attempt with a strategy; queued behind a running attempt. */
  @UpdateMethod(name = "retry")
  RetryAccepted retry(RetryRequest request);

  @UpdateValidatorMethod(updateName = "retry")
  void validateRetry(RetryRequest request);
}
