package dev.prflow.worker;

import dev.prflow.activities.store.PostgresUnavailableException;
import dev.prflow.worker.cli.ApproveCommand;
import dev.prflow.worker.cli.CancelCommand;
import dev.prflow.worker.cli.CliContext;
import dev.prflow.worker.cli.CliFactory;
import dev.prflow.worker.cli.CliFailure;
import dev.prflow.worker.cli.RejectCommand;
import dev.prflow.worker.cli.ReportCommand;
import dev.prflow.worker.cli.RetryCommand;
import dev.prflow.worker.cli.ScanCommand;
import dev.prflow.worker.cli.ShowCommand;
import dev.prflow.worker.cli.SubmitCommand;
import dev.prflow.worker.cli.TasksCommand;
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
      SubmitCommand.class,
      TasksCommand.class,
      ShowCommand.class,
      ApproveCommand.class,
      RejectCommand.class,
      CancelCommand.class,
      RetryCommand.class,
      ReportCommand.class,
      ScanCommand.class,
      KeysCommand.class
    })
public final class Main implements Runnable {

  /** Exit code when PostgreSQL can be neither found nor started. */
  static final int NO_POSTGRES = 2;

  /** Exit code when the sandbox is required and bubblewrap is missing or cannot run. */
  static final int NO_SANDBOX = 2;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    Console.makeSystemStreamsReadable();
    System.exit(execute(args));
  }

  static int execute(String... args) {
    return execute(CliContext.system(), args);
  }

  /** Runs a command with the given environment and streams (the people's commands use them). */
  public static int execute(CliContext context, String... args) {
    CommandLine cli = new CommandLine(new Main(), new CliFactory(context));
    cli.setOut(context.out());
    cli.setErr(context.err());
    cli.setExecutionExceptionHandler(
        (e, commandLine, parsed) -> {
          if (e instanceof CliFailure failure) {
            commandLine.getErr().println("prflow: " + failure.getMessage());
            commandLine.getErr().flush();
            return failure.exitCode();
          }
          if (e instanceof PostgresUnavailableException) {
            Console.error("prflow: " + e.getMessage());
            return NO_POSTGRES;
          }
          if (e instanceof NoSandboxException) {
            System.err.println("prflow: " + e.getMessage());
            return NO_SANDBOX;
          }
          if (e instanceof ConfigException) {
            Console.error("prflow: " + e.getMessage());
            return 1;
          }
          Console.error("prflow: " + e);
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
