package dev.prflow.worker;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code prflow worker}: a worker only, against TEMPORAL_ADDRESS and DATABASE_URL. */
@Command(name = "worker", description = "Run a worker against TEMPORAL_ADDRESS and DATABASE_URL.")
final class WorkerCommand implements Callable<Integer> {

  /** Exit code when no agent is configured. */
  static final int NO_AGENT = 2;

  static final String NO_AGENT_MESSAGE =
      "prflow worker needs an agent: set PRFLOW_AGENT (codegen, command or demo),"
          + " PRFLOW_AGENT_COMMAND, or CODEGEN_API_KEY with CODEGEN_ORG_ID; the demo agent runs"
          + " only in prflow dev and prflow demo unless PRFLOW_AGENT=demo";

  @Override
  public Integer call() throws Exception {
    PrflowConfig config = PrflowConfig.fromEnvironment();
    if (!config.agentConfigured()) {
      // A worker never falls back to the demo agent on real tasks.
      System.err.println("prflow: " + NO_AGENT_MESSAGE);
      return NO_AGENT;
    }
    if (config.databaseUrl() == null) {
      throw new ConfigException("prflow worker needs DATABASE_URL (prflow dev embeds one)");
    }
    Console.announceMockMode(config);
    Sandboxes.check(config, Console::say);
    Stack stack =
        Stack.start(config, new Stack.Options(true, false, false, 0, false), Console::say);
    Console.say(
        "worker polling task queue "
            + config.taskQueue()
            + " on "
            + stack.temporal().address()
            + " with the "
            + config.agent()
            + " agent");
    return ServeUntilStopped.run(stack);
  }
}
