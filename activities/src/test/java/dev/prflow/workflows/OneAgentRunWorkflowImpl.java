package dev.prflow.workflows;

import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import io.temporal.workflow.Workflow;

/**
 * {@code runAgent} exactly as {@code TaskToPr} schedules it: {@link
 * TaskToPrWorkflowImpl#AGENT_OPTIONS}.
 */
public class OneAgentRunWorkflowImpl implements OneAgentRunWorkflow {

  @Override
  public AgentRunResult run(AgentRunRequest request) {
    return Workflow.newActivityStub(AgentActivities.class, TaskToPrWorkflowImpl.AGENT_OPTIONS)
        .runAgent(request);
  }
}
