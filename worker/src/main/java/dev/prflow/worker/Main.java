package dev.prflow.worker;

import dev.prflow.activities.store.PostgresUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code prflow} command. */
@Command(
    name = "prflow",
    mixinStandardHelpOptions = true,
    version = "prflow 0.1.0",
    description = "Turns a written task into a validated pull request, durably, on Temporal.",
    subcommands = {
      DevCommand.class,
      DemoCommand.class,
      WorkerCommand.class,
      ApiCommand.class,
      HealthCommand.class,
      ReplayCommand.class,
      KeysCommand.class
    })
public final class Main implements Runnable {

  /** Exit code when PostgreSQL can be neither found nor started. */
  static final int NO_POSTGRES = 2;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  static int execute(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof PostgresUnavailableException) {
            System.err.println("prflow: " + e.getMessage());
            return NO_POSTGRES;
          }
          if (e instanceof ConfigException) {
            System.err.println("prflow: " + e.getMessage());
            return 1;
          }
          System.err.println("prflow: " + e);
          if (System.getenv("PRFLOW_DEBUG") != null) {
            e.printStackTrace();
          } else {
            System.err.println("prflow: set PRFLOW_DEBUG=1 for the stack trace");
          }
          return 1;
        });
    return cli.execute(args);
  }
}
