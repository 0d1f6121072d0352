package dev.prflow.worker;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code prflow worker}: a worker only, against TEMPORAL_ADDRESS and DATABASE_URL. */
@Command(name = "worker", description = "Run a worker against TEMPORAL_ADDRESS and DATABASE_URL.")
final class WorkerCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    PrflowConfig config = PrflowConfig.fromEnvironment();
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
