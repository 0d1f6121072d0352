package dev.prflow.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code prflow show ID [--json]}: a task, its PR, tests, verdict and agent runs. */
@Command(name = "show", description = "Show a task.", mixinStandardHelpOptions = true)
public final class ShowCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
  long id;

  @Option(names = "--json", description = "Print the API's JSON view as it is.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    JsonNode view = api().getJson("/api/v1/tasks/" + id);
    if (json) {
      out().println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(view));
    } else {
      TaskText.detail(view, api().baseUrl()).forEach(out()::println);
    }
    out().flush();
    return 0;
  }
}
