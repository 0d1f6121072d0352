package dev.prflow.activities.agent;

/**
 * A coding agent that changes a worktree to carry out a task. The caller owns the git side: it
 * prepares the worktree on the attempt's branch and commits whatever the agent leaves there.
 */
public interface CodingAgent {

  /** The name stored with each run: {@code command}, {@code demo}, {@code codegen}. */
  String name();

  AgentOutput work(AgentWork work, Heartbeat heartbeat);
}
