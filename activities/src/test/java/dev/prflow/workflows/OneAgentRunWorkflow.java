package dev.prflow.workflows;

import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Runs one agent attempt with the production activity options; a harness for real-time tests. */
@WorkflowInterface
public interface OneAgentRunWorkflow {

  @WorkflowMethod(name = "OneAgentRun")
  AgentRunResult run(AgentRunRequest request);
}
