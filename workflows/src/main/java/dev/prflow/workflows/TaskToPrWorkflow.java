package dev.prflow.workflows;

import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskProgress;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Turns one task into a validated pull request. Workflow id {@code task-<taskId>}. */
@WorkflowInterface
public interface TaskToPrWorkflow {

  String TYPE = "TaskToPr";

  @WorkflowMethod(name = TYPE)
  TaskOutcome run(TaskSpec task);

  /** Where the run is now; served by the API while the task is open. */
  @QueryMethod(name = "status")
  TaskProgress status();
}
