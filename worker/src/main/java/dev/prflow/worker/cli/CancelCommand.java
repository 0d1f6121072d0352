package dev.prflow.worker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prflow cancel ID [--reason TEXT]}: stops the agent and tests, closes the PR. */
@Command(
    name = "cancel",
    description = "Cancel a running task: its agent and tests stop, its PR is closed.",
    mixinStandardHelpOptions = true)
public final class CancelCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
  long id;

  @Option(
      names = {"--reason", "--comment"},
      paramLabel = "TEXT",
      description = "Why; recorded as the task's outcome.")
  String reason;

  @Override
  public Integer call() {
    return TaskControl.send(api(), out(), id, "cancel", "reason", reason);
  }
}
