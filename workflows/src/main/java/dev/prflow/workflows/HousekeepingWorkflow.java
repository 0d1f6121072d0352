package dev.prflow.workflows;

import dev.prflow.workflows.model.HousekeepingRequest;
import dev.prflow.workflows.model.PruneResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Forgets what prflow no longer needs: webhook deliveries, full test outputs and notification
 * records older than the retention. Started by the Temporal Schedule {@code prflow-housekeeping},
 * which the worker creates (or brings up to date) at start.
 */
@WorkflowInterface
public interface HousekeepingWorkflow {

  String TYPE = "Housekeeping";

  @WorkflowMethod(name = TYPE)
  PruneResult run(HousekeepingRequest request);
}
