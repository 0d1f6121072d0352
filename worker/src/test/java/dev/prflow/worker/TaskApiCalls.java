package dev.prflow.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TestApiKeys;
import dev.prflow.workflows.model.TaskStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Reads a task's view from a running API, as a client would, for the integration tests. */
final class TaskApiCalls {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

  private TaskApiCalls() {}

  /**
   * Mints an admin key in the API's database and uses it for every later call to {@code base};
   * returns the key for the test's own requests.
   */
  static String authorize(String base, Database db) {
    String key = TestApiKeys.admin(db);
    KEYS.put(base, key);
    return key;
  }

  /** {@code GET /api/v1/tasks/{id}}. */
  static JsonNode get(String base, long id) throws Exception {
    return JSON.readTree(
        HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks/" + id))
                    .header("Authorization", authorization(base))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  /** The {@code Authorization} header value for {@code base}, once {@link #authorize}d. */
  static String authorization(String base) {
    return TestApiKeys.bearer(keyFor(base));
  }

  private static String keyFor(String base) {
    String key = KEYS.get(base);
    if (key == null) {
      throw new IllegalStateException("call TaskApiCalls.authorize(" + base + ", db) first");
    }
    return key;
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
