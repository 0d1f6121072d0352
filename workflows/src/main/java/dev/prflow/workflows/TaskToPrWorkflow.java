package dev.prflow.workflows;

import dev.prflow.workflows.model.CancelRequest;
import dev.prflow.workflows.model.Decision;
import dev.prflow.workflows.model.DecisionAccepted;
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
 *
 * <p>Approvals: the updates {@code approve} and {@code reject} are the checked way to decide (the
 * REST API uses them): their validator refuses them unless the run waits at the approval gate of
 * its current attempt right now (status {@code awaiting_approval}), so the caller learns at once
 * that nothing was decided. The signals of the same names stay for {@code temporal workflow
 * signal}: one that arrives at the gate decides as the update would; one that arrives anywhere else
 * is ignored and recorded (a timeline entry and a task event). Each gate starts empty: nothing
 * received before it opened counts, and no decision carries over to a later attempt.
 */
@WorkflowInterface
public interface TaskToPrWorkflow {

  String TYPE = "TaskToPr";

  /** Name of the approve signal and of the approve update. */
  String APPROVE = "approve";

  /** Name of the reject signal and of the reject update. */
  String REJECT = "reject";

  @WorkflowMethod(name = TYPE)
  TaskOutcome run(TaskSpec task);

  /** Where the run is now; served by the API while the task is open. */
  @QueryMethod(name = "status")
  TaskProgress status();

  /**
   * Signal for the temporal CLI: releases a passing pull request that waits at the gate right now;
   * ignored (and recorded) anywhere else. Marked as coming from Temporal whatever it says.
   */
  @SignalMethod(name = APPROVE)
  void approve(Decision decision);

  /**
   * Signal for the temporal CLI: sends back a passing pull request that waits at the gate right now
   * (the comment becomes feedback for the next attempt); ignored and recorded anywhere else.
   */
  @SignalMethod(name = REJECT)
  void reject(Decision decision);

  /** Update {@code approve}: releases the pull request waiting at the gate of this attempt. */
  @UpdateMethod(name = APPROVE)
  DecisionAccepted approveAtGate(Decision decision);

  /** Refuses an approval unless the run waits at the approval gate right now. */
  @UpdateValidatorMethod(updateName = APPROVE)
  void validateApproval(Decision decision);

  /** Update {@code reject}: sends back the pull request waiting at the gate of this attempt. */
  @UpdateMethod(name = REJECT)
  DecisionAccepted rejectAtGate(Decision decision);

  /** Refuses a rejection unless the run waits at the approval gate right now. */
  @UpdateValidatorMethod(updateName = REJECT)
  void validateRejection(Decision decision);

  /** Stops the task: running agent and test processes, the open pull request, the workflow. */
  @SignalMethod(name = "cancel")
  void cancel(CancelRequest request);

  /** Asks for another attempt with a strategy; queued behind a running attempt. */
  @UpdateMethod(name = "retry")
  RetryAccepted retry(RetryRequest request);

  @UpdateValidatorMethod(updateName = "retry")
  void validateRetry(RetryRequest request);
}
