package dev.prflow.workflows;

import dev.prflow.workflows.model.Decision;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The task's own bookkeeping: is it usable, where is it, how did it end. */
@ActivityInterface
public interface TaskActivities {

  /** Rejects an unusable task with a non-retryable {@code InvalidTask} failure. */
  @ActivityMethod(name = "validateTask")
  void validateTask(TaskSpec task);

  /** Records a status transition; idempotent and never moves a task backwards. */
  @ActivityMethod(name = "recordStatus")
  void recordStatus(StatusChange change);

  /** Records who approved or rejected the task; idempotent. */
  @ActivityMethod(name = "recordDecision")
  void recordDecision(long taskId, Decision decision);

  /** Records how the task ended; idempotent. */
  @ActivityMethod(name = "recordOutcome")
  void recordOutcome(TaskOutcome outcome);
}
