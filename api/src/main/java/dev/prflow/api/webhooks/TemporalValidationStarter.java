package dev.prflow.api.webhooks;

import dev.prflow.workflows.PrValidationWorkflow;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.PullRequestRef;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.Map;

/**
 * Starts {@code PrValidation} through Temporal. The id is per head commit and duplicates are
 * rejected, so GitHub sending the same commit twice (or a reopen without new commits) validates it
 * once.
 */
public final class TemporalValidationStarter implements ValidationStarter {

  private final WorkflowClient client;
  private final String taskQueue;

  public TemporalValidationStarter(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  @Override
  public boolean start(PullRequestRef pr) {
    PrValidationWorkflow workflow =
        client.newWorkflowStub(
            PrValidationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(pr.validationWorkflowId())
                .setTaskQueue(taskQueue)
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setMemo(Map.of("repository", pr.repository(), "pr", pr.number()))
                .build());
    try {
      WorkflowClient.start(workflow::validate, new PrValidationInput(pr, null, null));
      return true;
    } catch (WorkflowExecutionAlreadyStarted already) {
      return false;
    }
  }
}
