package dev.prflow.worker.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code prflow report VALIDATION_ID}: the validation's markdown report. */
@Command(
    name = "report",
    description = "Print a validation's markdown report.",
    mixinStandardHelpOptions = true)
public final class ReportCommand extends CliCommand {

  @Parameters(
      index = "0",
      paramLabel = "VALIDATION_ID",
      description = "The report's numeric id or its validation workflow id.")
  String id;

  @Override
  public Integer call() {
    String markdown = api().getText("/api/v1/validations/" + ApiClient.segment(id) + "/report.md");
    out().print(markdown.endsWith("\n") ? markdown : markdown + "\n");
    out().flush();
    return 0;
  }
}
