package dev.prflow.worker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prflow approve ID [--comment TEXT]}: for a task waiting for approval. */
@Command(
    name = "approve",
    description = "Approve a task waiting for approval.",
    mixinStandardHelpOptions = true)
public final class ApproveCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
  long id;

  @Option(names = "--comment", paramLabel = "TEXT", description = "Recorded with the approval.")
  String comment;

  @Override
  public Integer call() {
    return TaskControl.send(api(), out(), id, "approve", "comment", comment);
  }
}
