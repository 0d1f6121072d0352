package dev.prflow.worker.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The people's commands' one way to the API: the key as a bearer token on every call, and every
 * failure turned into one line — the API's error code and message (and field problems), or the
 * address that did not answer.
 */
public final class ApiClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final ApiSettings settings;
  private final HttpClient http;

  public ApiClient(ApiSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public String baseUrl() {
    return settings.baseUrl();
  }

  /** A path segment, percent-encoded (validation workflow ids are typed in by people). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code GET path} answering JSON. */
  public JsonNode getJson(String path) {
    return json(send(request(path).GET(), path));
  }

  /** {@code GET path} answering text (the markdown report). */
  public String getText(String path) {
    return send(request(path).GET(), path).body();
  }

  /** {@code POST path} with a JSON body; {@code headers} such as {@code Idempotency-Key}. */
  public HttpResponse<String> post(String path, String body, Map<String, String> headers) {
    HttpRequest.Builder builder =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(builder::header);
    return send(builder, path);
  }

  /** {@code POST path} with a JSON object body, answering JSON. */
  public JsonNode postJson(String path, Object body) {
    try {
      return json(post(path, JSON.writeValueAsString(body), Map.of()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + settings.apiKey())
        .header("Accept", "application/json, text/markdown;q=0.9");
  }

  private HttpResponse<String> send(HttpRequest.Builder builder, String path) {
    HttpResponse<String> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new CliFailure(
          CliFailure.UNREACHABLE,
          "no prflow API answering at "
              + settings.baseUrl()
              + " (connection refused); start one with `prflow dev` or set PRFLOW_API_URL");
    } catch (HttpTimeoutException e) {
      throw new CliFailure(
          CliFailure.UNREACHABLE,
          "the prflow API at " + settings.baseUrl() + " did not answer " + path + " in time");
    } catch (IOException e) {
      throw new CliFailure(
          CliFailure.UNREACHABLE,
          "cannot reach the prflow API at " + settings.baseUrl() + ": " + describe(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(CliFailure.UNREACHABLE, "interrupted");
    }
    if (response.statusCode() >= 400) {
      throw new CliFailure(CliFailure.API_ERROR, errorLine(response));
    }
    return response;
  }

  /** {@code 404 not_found: task 9 not found (title: required; …)}, from the API's JSON error. */
  static String errorLine(HttpResponse<String> response) {
    int status = response.statusCode();
    JsonNode error = null;
    try {
      error = JSON.readTree(response.body()).get("error");
    } catch (IOException | RuntimeException notJson) {
      // answered by something other than prflow (a proxy, another server)
    }
    StringBuilder line = new StringBuilder().append(status).append(' ');
    if (error == null || !error.isObject()) {
      String body = response.body() == null ? "" : response.body().strip();
      String first = body.lines().findFirst().orElse("");
      line.append("error from the API").append(first.isEmpty() ? "" : ": " + cut(first, 200));
    } else {
      line.append(error.path("code").asText("error"))
          .append(": ")
          .append(error.path("message").asText(""));
      List<String> problems = new ArrayList<>();
      for (JsonNode field : error.path("fields")) {
        problems.add(field.path("field").asText() + ": " + field.path("problem").asText());
      }
      if (!problems.isEmpty()) {
        line.append(" (").append(String.join("; ", problems)).append(')');
      }
    }
    if (status == 401) {
      line.append(" — check PRFLOW_API_KEY or $PRFLOW_HOME/api-key");
    }
    return line.toString();
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (JsonProcessingException e) {
      throw new CliFailure(
          CliFailure.API_ERROR,
          "the API answered " + response.uri().getPath() + " with something that is not JSON");
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
