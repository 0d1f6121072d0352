package dev.prflow.workflows;

import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Runs the configured coding agent for one attempt; heartbeats while it works. */
@ActivityInterface
public interface AgentActivities {

  /**
   * Idempotent per (task, attempt): when the attempt's branch already carries the agent's commit,
   * the existing result is returned and nothing runs again.
   */
  @ActivityMethod(name = "runAgent")
  AgentRunResult runAgent(AgentRunRequest request);
}
