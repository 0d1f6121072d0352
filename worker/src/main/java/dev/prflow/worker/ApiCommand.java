package dev.prflow.worker;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code prflow api}: the REST API only, against TEMPORAL_ADDRESS and DATABASE_URL. */
@Command(
    name = "api",
    description = "Serve the REST API against TEMPORAL_ADDRESS and DATABASE_URL.")
final class ApiCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    PrflowConfig config = PrflowConfig.fromEnvironment();
    if (config.databaseUrl() == null) {
      throw new ConfigException("prflow api needs DATABASE_URL (prflow dev embeds one)");
    }
    Stack stack =
        Stack.start(config, new Stack.Options(false, true, false, 0, false), Console::say);
    Console.say("API: http://127.0.0.1:" + stack.apiPort() + "/api/v1/tasks");
    return ServeUntilStopped.run(stack);
  }
}
