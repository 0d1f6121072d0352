package dev.prflow.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.workflows.model.TaskStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Reads a task's view from a running API, as a client would, for the integration tests. */
final class TaskApiCalls {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TaskApiCalls() {}

  /** {@code GET /api/v1/tasks/{id}}. */
  static JsonNode get(String base, long id) throws Exception {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks/" + id)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  /** The view once the task has ended; fails after 90 s with the last view seen. */
  static JsonNode awaitTerminal(String base, long id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode view = null;
    while (System.nanoTime() < deadline) {
      view = get(base, id);
      if (TaskStatus.isTerminal(view.path("status").asText())) {
        return view;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("task " + id + " did not finish: " + view);
  }
}
