package dev.prflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few calls of prflow's REST API the drivers make, with the bench's admin key. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String base;
  private final String key;

  Api(String base, String key) {
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.key = key;
  }

  /** A task of the bench's shape on the bench repository. */
  static String task(int i, String repository, boolean requireApproval) {
    return JSON.createObjectNode()
        .put("title", "Bench task " + i)
        .put("description", "Write bench-" + i + ".txt")
        .put("repository", repository)
        .put("max_attempts", 1)
        .put("require_approval", requireApproval)
        .set("requirements", JSON.createArrayNode().add("write bench-" + i + ".txt"))
        .toString();
  }

  JsonNode post(String path, String body, int expected) throws Exception {
    HttpResponse<String> r =
        http.send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(
          "POST " + path + " answered " + r.statusCode() + ": " + abbreviate(r.body()));
    }
    return JSON.readTree(r.body());
  }

  JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(
          "GET " + path + " answered " + r.statusCode() + ": " + abbreviate(r.body()));
    }
    return JSON.readTree(r.body());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + key);
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…" : s;
  }
}
