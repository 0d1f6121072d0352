package dev.prflow.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prflow retry ID [--strategy S]}: another attempt, the ladder's next or the one named; of a
 * running task (queued behind its attempt) or of one that ended validation_failed, failed or
 * rejected (a new run continuing its attempts).
 */
@Command(
    name = "retry",
    description =
        "Ask for another attempt of a task, running or ended validation_failed, failed or"
            + " rejected.",
    mixinStandardHelpOptions = true)
public final class RetryCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
  long id;

  @Option(
      names = "--strategy",
      paramLabel = "S",
      description =
          "fix_forward, regenerate_prompt, different_approach or simplified_scope (default: the"
              + " ladder's next).")
  String strategy;

  @Override
  public Integer call() {
    Map<String, Object> options = new LinkedHashMap<>();
    if (strategy != null) {
      options.put("strategy", strategy);
    }
    JsonNode answer =
        api().postJson("/api/v1/codegen/retry/" + id, Map.of("retry_options", options));
    out()
        .println(
            "task "
                + id
                + ": retry accepted as attempt "
                + answer.path("attempt").asText("?")
                + " ("
                + answer.path("strategy").asText("?")
                + (answer.path("new_run").asBoolean()
                    ? "), a new run of the ended task, starting now"
                    : answer.path("queued").asBoolean()
                        ? "), queued behind the running attempt"
                        : "), starting now"));
    out().flush();
    return 0;
  }
}
