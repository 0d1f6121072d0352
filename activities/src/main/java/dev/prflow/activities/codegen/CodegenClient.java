package dev.prflow.activities.codegen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.codegen.CodegenException.Kind;
import dev.prflow.activities.http.Sleeper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Codegen's agent-run API ({@code https://api.codegen.com}, spec {@code
 * docs/api-reference/openapi3.json} in codegen-sh/codegen): create, read, resume and list runs.
 *
 * <p>Waits out 429 (honouring {@code Retry-After}) and retries 5xx/408 with exponential backoff, a
 * bounded number of times each; every other failure becomes a {@link CodegenException} whose kind
 * says whether a later try may help. The API key goes only into the {@code Authorization} header:
 * it is scrubbed from anything the server echoes back and never logged.
 */
public class CodegenClient {

  public static final HttpUrl DEFAULT_BASE_URL = HttpUrl.get("https://api.codegen.com");

  /** How often a 429 is waited out before giving up with {@link Kind#RATE_LIMITED}. */
  static final int MAX_RATE_LIMIT_RETRIES = 5;

  /** How often a 5xx, 408 or network failure is retried before {@link Kind#UNAVAILABLE}. */
  static final int MAX_SERVER_ERROR_RETRIES = 4;

  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(16);

  /** Longest single {@code Retry-After} we sit out inside one call; longer ones fail retryably. */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(90);

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int MAX_MESSAGE = 300;
  private static final Logger log = LoggerFactory.getLogger(CodegenClient.class);

  private final OkHttpClient http;
  private final HttpUrl baseUrl;
  private final String orgId;
  private final String apiKey;
  private final Sleeper sleeper;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public CodegenClient(
      OkHttpClient http, HttpUrl baseUrl, String orgId, String apiKey, Sleeper sleeper) {
    this(http, baseUrl, orgId, apiKey, sleeper, Clock.systemUTC());
  }

  /** As above, with the clock used to read a {@code Retry-After} given as an HTTP date. */
  public CodegenClient(
      OkHttpClient http,
      HttpUrl baseUrl,
      String orgId,
      String apiKey,
      Sleeper sleeper,
      Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.baseUrl = baseUrl == null ? DEFAULT_BASE_URL : baseUrl;
    this.orgId = requireText(orgId, "CODEGEN_ORG_ID");
    this.apiKey = requireText(apiKey, "CODEGEN_API_KEY");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Builds a client from validated settings with sensible timeouts. */
  public static CodegenClient create(CodegenSettings settings) {
    if (!settings.configured()) {
      throw new IllegalArgumentException("CODEGEN_API_KEY is not set");
    }
    return new CodegenClient(
        defaultHttpClient(), settings.apiUrl(), settings.orgId(), settings.apiKey(), Sleeper.REAL);
  }

  public static OkHttpClient defaultHttpClient() {
    return new OkHttpClient.Builder()
        .connectTimeout(10, TimeUnit.SECONDS)
        .readTimeout(30, TimeUnit.SECONDS)
        .writeTimeout(30, TimeUnit.SECONDS)
        .callTimeout(60, TimeUnit.SECONDS)
        .build();
  }

  /** Page size of {@code GET /v1/organizations/{org_id}/repos}; the spec's maximum. */
  static final int REPO_PAGE = 100;

  /**
   * Pages read at most (10,000 repositories): a server that never ends its list is not followed.
   */
  static final int MAX_REPO_PAGES = 100;

  /**
   * {@code POST /v1/organizations/{org_id}/agent/run} with {@code {prompt, repo_id, metadata}}.
   *
   * @param repoId the repository the run works in ({@link CodegenRepositories#idOf}); without it
   *     Codegen picks the organisation's default repository
   * @param metadata stored with the run by Codegen (prflow sends {@code task_id}, {@code attempt},
   *     {@code strategy}); may be null
   */
  public AgentRun startRun(String prompt, long repoId, Map<String, Object> metadata) {
    ObjectNode body = json.createObjectNode();
    body.put("prompt", prompt);
    body.put("repo_id", repoId);
    if (metadata != null && !metadata.isEmpty()) {
      body.set("metadata", json.valueToTree(metadata));
    }
    return toRun(call("POST", runUrl().build(), body), "starting an agent run");
  }

  /**
   * Every repository of the organisation: {@code GET /v1/organizations/{org_id}/repos?skip=&limit=}
   * page after page ({@code Page[RepoResponse]}: {@code items[].id}, {@code items[].full_name},
   * {@code total}) until {@code total} items were read or a page comes back short.
   */
  public List<CodegenRepo> listRepos() {
    List<CodegenRepo> all = new ArrayList<>();
    int skip = 0;
    for (int page = 0; page < MAX_REPO_PAGES; page++) {
      HttpUrl url =
          baseUrl
              .newBuilder()
              .addPathSegments("v1/organizations")
              .addPathSegment(orgId)
              .addPathSegment("repos")
              .addQueryParameter("skip", String.valueOf(skip))
              .addQueryParameter("limit", String.valueOf(REPO_PAGE))
              .build();
      JsonNode body = call("GET", url, null);
      JsonNode items = body.path("items");
      if (!items.isArray()) {
        throw new CodegenException(
            Kind.MALFORMED, "Codegen's list of repositories has no 'items' array", 200, null);
      }
      for (JsonNode item : items) {
        JsonNode id = item.get("id");
        JsonNode name = item.get("full_name");
        if (id == null || !id.canConvertToLong() || name == null || !name.isTextual()) {
          throw new CodegenException(
              Kind.MALFORMED,
              "Codegen's list of repositories has an item without a numeric 'id' and a"
                  + " 'full_name'",
              200,
              null);
        }
        all.add(new CodegenRepo(id.asLong(), name.asText()));
      }
      skip += items.size();
      long total = body.path("total").asLong(-1);
      boolean lastPage = total >= 0 ? skip >= total : items.size() < REPO_PAGE;
      if (items.isEmpty() || lastPage) {
        return all;
      }
    }
    log.warn("Codegen's repository list goes on past {} pages; reading no further", MAX_REPO_PAGES);
    return all;
  }

  /** The organisation this client works for ({@code CODEGEN_ORG_ID}). */
  public String orgId() {
    return orgId;
  }

  /** {@code GET /v1/organizations/{org_id}/agent/run/{agent_run_id}}. */
  public AgentRun getRun(String id) {
    requireText(id, "agent run id");
    return toRun(call("GET", runUrl().addPathSegment(id).build(), null), "reading agent run " + id);
  }

  /**
   * {@code POST /v1/organizations/{org_id}/agent/run/resume} with {@code {agent_run_id, prompt}}.
   * The spec types {@code agent_run_id} as an integer, so a numeric id is sent as a number.
   */
  public AgentRun resume(String id, String prompt) {
    requireText(id, "agent run id");
    ObjectNode body = json.createObjectNode();
    if (id.chars().allMatch(Character::isDigit) && id.length() < 19) {
      body.put("agent_run_id", Long.parseLong(id));
    } else {
      body.put("agent_run_id", id);
    }
    body.put("prompt", prompt);
    return toRun(
        call("POST", runUrl().addPathSegment("resume").build(), body), "resuming agent run " + id);
  }

  /**
   * The newest API-started run whose stored {@code metadata} contains every entry of {@code match}
   * (values compared as text), looking at the newest page of {@code GET
   * /v1/organizations/{org_id}/agent/runs?source_type=API}. Lets a retried attempt find a run it
   * started but could not record.
   */
  public Optional<AgentRun> findRun(Map<String, Object> match) {
    HttpUrl url =
        baseUrl
            .newBuilder()
            .addPathSegments("v1/organizations")
            .addPathSegment(orgId)
            .addPathSegments("agent/runs")
            .addQueryParameter("source_type", "API")
            .addQueryParameter("limit", "100")
            .build();
    JsonNode page = call("GET", url, null);
    JsonNode items = page.path("items");
    if (!items.isArray()) {
      throw new CodegenException(
          Kind.MALFORMED, "Codegen's list of agent runs has no 'items' array", 200, null);
    }
    for (JsonNode item : items) {
      JsonNode metadata = item.path("metadata");
      boolean all =
          match.entrySet().stream()
              .allMatch(
                  e ->
                      metadata.hasNonNull(e.getKey())
                          && metadata
                              .get(e.getKey())
                              .asText()
                              .equals(String.valueOf(e.getValue())));
      if (all) {
        return Optional.of(toRun(item, "listing agent runs"));
      }
    }
    return Optional.empty();
  }

  private HttpUrl.Builder runUrl() {
    return baseUrl
        .newBuilder()
        .addPathSegments("v1/organizations")
        .addPathSegment(orgId)
        .addPathSegments("agent/run");
  }

  private JsonNode call(String method, HttpUrl url, JsonNode body) {
    String what = method + " " + url.encodedPath();
    RequestBody requestBody = body == null ? null : RequestBody.create(write(body), JSON);
    Request request =
        new Request.Builder()
            .url(url)
            .method(method, requestBody)
            .header("Authorization", "Bearer " + apiKey)
            .header("Accept", "application/json")
            .build();
    boolean idempotent = "GET".equals(method);
    int rateLimited = 0;
    int failures = 0;
    while (true) {
      Duration wait;
      try (Response response = http.newCall(request).execute()) {
        int code = response.code();
        String text = readBody(response);
        if (response.isSuccessful()) {
          return parse(text, what, code);
        }
        if (code == 429) {
          if (rateLimited++ >= MAX_RATE_LIMIT_RETRIES) {
            throw failure(
                Kind.RATE_LIMITED,
                "Codegen kept rate-limiting "
                    + what
                    + " (HTTP 429) after "
                    + MAX_RATE_LIMIT_RETRIES
                    + " waits",
                code,
                text);
          }
          wait = retryAfter(response.header("Retry-After")).orElse(backoff(rateLimited));
          if (wait.compareTo(MAX_RETRY_AFTER) > 0) {
            throw failure(
                Kind.RATE_LIMITED,
                "Codegen rate-limited "
                    + what
                    + " (HTTP 429) and asked us to wait "
                    + wait
                    + ", longer than we wait inside one call",
                code,
                text);
          }
          log.info("Codegen rate-limited {} (HTTP 429); waiting {}", what, wait);
        } else if (code >= 500 || code == 408) {
          if (failures++ >= MAX_SERVER_ERROR_RETRIES) {
            throw failure(
                Kind.UNAVAILABLE,
                "Codegen answered "
                    + what
                    + " with HTTP "
                    + code
                    + " "
                    + (MAX_SERVER_ERROR_RETRIES + 1)
                    + " times",
                code,
                text);
          }
          wait = backoff(failures);
          log.info("Codegen answered {} with HTTP {}; retrying in {}", what, code, wait);
        } else {
          throw clientError(code, what, text);
        }
      } catch (IOException e) {
        // A POST that failed on the wire may still have created a run, so only reads are retried
        // here; the runner's metadata lookup finds a run that a failed POST did create.
        if (!idempotent || failures++ >= MAX_SERVER_ERROR_RETRIES) {
          throw new CodegenException(
              Kind.UNAVAILABLE,
              "Could not reach Codegen at "
                  + url.host()
                  + " for "
                  + what
                  + ": "
                  + scrub(String.valueOf(e.getMessage())),
              0,
              null);
        }
        wait = backoff(failures);
        log.info("Could not reach Codegen for {} ({}); retrying in {}", what, e.toString(), wait);
      }
      pause(wait, what);
    }
  }

  private CodegenException clientError(int code, String what, String text) {
    String server = serverMessage(text);
    return switch (code) {
      case 402 ->
          new CodegenException(
              Kind.PLAN_LIMIT,
              "Codegen says the organisation's plan allowance is used up (HTTP 402) for "
                  + what
                  + "; raise the plan or wait for the allowance to renew, then retry the task."
                  + server,
              code,
              null);
      case 401, 403 ->
          new CodegenException(
              Kind.AUTH,
              "Codegen refused "
                  + what
                  + " (HTTP "
                  + code
                  + "): check CODEGEN_API_KEY and CODEGEN_ORG_ID."
                  + server,
              code,
              null);
      case 404 ->
          new CodegenException(
              Kind.NOT_FOUND,
              "Codegen found nothing for " + what + " (HTTP 404)." + server,
              code,
              null);
      default ->
          new CodegenException(
              Kind.BAD_REQUEST,
              "Codegen rejected " + what + " (HTTP " + code + ")." + server,
              code,
              null);
    };
  }

  private CodegenException failure(Kind kind, String message, int code, String text) {
    return new CodegenException(kind, message + "." + serverMessage(text), code, null);
  }

  /** " Codegen said: ..." from the spec's {@code message} or FastAPI's {@code detail}, or "". */
  private String serverMessage(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String message;
    try {
      JsonNode node = json.readTree(text);
      if (node != null && node.hasNonNull("message")) {
        message = node.get("message").asText();
      } else if (node != null && node.path("detail").isArray()) {
        List<String> parts = new ArrayList<>();
        for (JsonNode d : node.get("detail")) {
          String loc = d.has("loc") ? d.get("loc").toString() : "";
          parts.add((loc.isEmpty() ? "" : loc + ": ") + d.path("msg").asText());
        }
        message = String.join("; ", parts);
      } else if (node != null && node.hasNonNull("detail")) {
        message = node.get("detail").asText();
      } else {
        message = text;
      }
    } catch (JsonProcessingException e) {
      message = text;
    }
    message = scrub(message.strip().replaceAll("\\s+", " "));
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "…";
    }
    return " Codegen said: " + message;
  }

  private JsonNode parse(String text, String what, int code) {
    try {
      JsonNode node = json.readTree(text == null ? "" : text);
      if (node == null || node.isMissingNode() || !node.isObject()) {
        throw new CodegenException(
            Kind.MALFORMED,
            "Codegen answered "
                + what
                + " with HTTP "
                + code
                + " but the body is not a JSON object",
            code,
            null);
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new CodegenException(
          Kind.MALFORMED,
          "Codegen answered "
              + what
              + " with HTTP "
              + code
              + " but the body is not valid JSON: "
              + scrub(e.getOriginalMessage()),
          code,
          null);
    }
  }

  private AgentRun toRun(JsonNode node, String what) {
    JsonNode id = node.get("id");
    if (id == null || id.isNull() || id.asText().isBlank() || id.isContainerNode()) {
      throw new CodegenException(
          Kind.MALFORMED, "Codegen's answer to " + what + " has no agent run 'id'", 200, null);
    }
    List<String> prs = new ArrayList<>();
    JsonNode list = node.path("github_pull_requests");
    if (list.isArray()) {
      for (JsonNode pr : list) {
        if (pr.hasNonNull("url") && !pr.get("url").asText().isBlank()) {
          prs.add(pr.get("url").asText());
        }
      }
    }
    return new AgentRun(
        id.asText(), text(node, "status"), text(node, "web_url"), prs, text(node, "result"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Seconds or an HTTP date; empty when absent or unreadable. */
  Optional<Duration> retryAfter(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String h = header.trim();
    try {
      long seconds = Long.parseLong(h);
      return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static Duration backoff(int attempt) {
    Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(attempt - 1, 10));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  private void pause(Duration wait, String what) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CodegenException(
          Kind.CANCELLED, "Interrupted while waiting to retry " + what, 0, e);
    }
  }

  private String readBody(Response response) throws IOException {
    ResponseBody body = response.body();
    return body == null ? "" : body.string();
  }

  private byte[] write(JsonNode body) {
    try {
      return json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metadata cannot be written as JSON", e);
    }
  }

  /** Removes the API key from text that came from elsewhere (server bodies, exception text). */
  private String scrub(String text) {
    return text == null ? null : text.replace(apiKey, "[redacted]");
  }

  private static String requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
    return value;
  }

  @Override
  public String toString() {
    return "CodegenClient[" + baseUrl + ", org " + orgId + "]";
  }
}
