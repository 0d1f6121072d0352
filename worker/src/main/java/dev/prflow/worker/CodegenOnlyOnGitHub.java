package dev.prflow.worker;

import dev.prflow.activities.agent.AgentException;
import dev.prflow.activities.agent.AgentOutput;
import dev.prflow.activities.agent.AgentWork;
import dev.prflow.activities.agent.CodingAgent;
import dev.prflow.activities.agent.Heartbeat;

/** With PRFLOW_AGENT=codegen, a task on a local repository is refused in words. */
final class CodegenOnlyOnGitHub implements CodingAgent {

  @Override
  public String name() {
    return "codegen";
  }

  @Override
  public AgentOutput work(AgentWork work, Heartbeat heartbeat) {
    throw new AgentException(
        "the codegen agent opens pull requests on GitHub; this task's repository is "
            + work.task().repository()
            + " (use a github: repository, or PRFLOW_AGENT=command or demo)",
        false,
        null);
  }
}
