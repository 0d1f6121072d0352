package dev.prflow.worker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prflow reject ID [--comment TEXT]}: for a task waiting for approval. */
@Command(
    name = "reject",
    description = "Reject a task waiting for approval.",
    mixinStandardHelpOptions = true)
public final class RejectCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
  long id;

  @Option(
      names = "--comment",
      paramLabel = "TEXT",
      description = "Why; it becomes feedback for the next attempt.")
  String comment;

  @Override
  public Integer call() {
    return TaskControl.send(api(), out(), id, "reject", "comment", comment);
  }
}
