package dev.prflow.worker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prflow.workflows.model.TaskStatus;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prflow submit FILE|- [--follow]}: posts a task's JSON and prints its id; with {@code
 * --follow}, watches it to the end and exits 0 only when it ended {@code completed}.
 */
@Command(
    name = "submit",
    description = "Submit a task (JSON from FILE, or - for stdin); print its id.",
    mixinStandardHelpOptions = true)
public final class SubmitCommand extends CliCommand {

  @Parameters(index = "0", paramLabel = "FILE|-", description = "The task JSON, - for stdin.")
  String file;

  @Option(
      names = {"-f", "--follow"},
      description = "Follow the task to its end; exit 0 only when it ends completed.")
  boolean follow;

  @Option(
      names = "--idempotency-key",
      paramLabel = "KEY",
      description = "Sent as Idempotency-Key: the same key twice returns the same task.")
  String idempotencyKey;

  @Option(
      names = "--poll",
      paramLabel = "MILLIS",
      description = "How often --follow asks for the task's view (default ${DEFAULT-VALUE} ms).",
      defaultValue = "500")
  long pollMillis;

  @Override
  public Integer call() throws Exception {
    String body = read();
    Map<String, String> headers = new LinkedHashMap<>();
    if (idempotencyKey != null) {
      headers.put("Idempotency-Key", idempotencyKey);
    }
    HttpResponse<String> response = api().post("/api/v1/tasks", body, headers);
    JsonNode task = ApiClient.JSON.readTree(response.body());
    long id = task.path("id").asLong();
    boolean replayed = response.statusCode() == 200;
    if (!follow) {
      out().println(id);
      if (replayed) {
        err().println("prflow: the same Idempotency-Key was sent before: this is that task");
      }
      return 0;
    }
    out()
        .println(
            "task "
                + id
                + (replayed ? " (submitted before with this Idempotency-Key)" : " submitted")
                + ": "
                + task.path("title").asText());
    JsonNode workflow = task.path("workflow");
    if (workflow.hasNonNull("error")) {
      out().println("  workflow not started yet: " + workflow.path("error").asText());
    }
    JsonNode end =
        new TaskFollower(api(), out(), context().tty(), Duration.ofMillis(Math.max(50, pollMillis)))
            .follow(id);
    out().println();
    TaskText.outcome(end, api().baseUrl()).forEach(out()::println);
    out().flush();
    return TaskStatus.COMPLETED.equals(end.path("status").asText()) ? 0 : 1;
  }

  private String read() {
    try {
      if ("-".equals(file)) {
        return new String(context().in().readAllBytes(), StandardCharsets.UTF_8);
      }
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw new CliFailure(CliFailure.UNREACHABLE, "no such file: " + file);
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CliFailure(
          CliFailure.UNREACHABLE,
          "cannot read the task from " + ("-".equals(file) ? "stdin" : file) + ": " + e);
    }
  }
}
