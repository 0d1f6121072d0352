package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestApiKeys;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.WebhookDeliveryStore;
import dev.prflow.api.auth.RateLimit;
import dev.prflow.api.webhooks.WebhookDependencies;
import io.javalin.Javalin;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Budgets per key ({@code PRFLOW_RATE_LIMIT}) and per address for failures, over real HTTP. */
class RateLimitApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static TestWorkflowEnvironment temporal;
  private static Database db;

  @BeforeAll
  static void start() {
    temporal = TestWorkflowEnvironment.newInstance();
    db = TestPostgres.freshDatabase();
  }

  @AfterAll
  static void stop() {
    temporal.close();
    db.close();
  }

  @Test
  void aBurstOverTheKeysLimitIs429WithRetryAfterAndTheBudgetHeaders() throws Exception {
    Javalin app = app(new RateLimit(5, Duration.ofMinutes(1)), null);
    try {
      String key = TestApiKeys.admin(db);
      for (int i = 1; i <= 5; i++) {
        HttpResponse<String> r = get(app, "/api/v1/tasks", key);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("RateLimit-Limit")).contains("5");
        assertThat(r.headers().firstValue("RateLimit-Remaining")).contains(String.valueOf(5 - i));
      }
      HttpResponse<String> over = get(app, "/api/v1/tasks", key);
      assertThat(over.statusCode()).isEqualTo(429);
      assertThat(JSON.readTree(over.body()).path("error").path("code").asText())
          .isEqualTo("rate_limited");
      assertThat(over.headers().firstValue("Retry-After").map(Long::parseLong))
          .hasValueSatisfying(s -> assertThat(s).isBetween(1L, 60L));
      assertThat(over.headers().firstValue("RateLimit-Limit")).contains("5");
      assertThat(over.headers().firstValue("RateLimit-Remaining")).contains("0");
      assertThat(over.headers().firstValue("RateLimit-Reset")).isPresent();

      String other = TestApiKeys.admin(db);
      assertThat(get(app, "/api/v1/tasks", other).statusCode())
          .as("each key has its own budget")
          .isEqualTo(200);
    } finally {
      app.stop();
    }
  }

  @Test
  void thirtyFailedAuthenticationsFromOneAddressThen429() throws Exception {
    Javalin app = app(RateLimit.DEFAULT_PER_KEY, null);
    try {
      for (int i = 0; i < 30; i++) {
        assertThat(get(app, "/api/v1/tasks", "prf_" + "w".repeat(43)).statusCode())
            .as("attempt " + (i + 1))
            .isEqualTo(401);
      }
      HttpResponse<String> r = get(app, "/api/v1/tasks", "prf_" + "w".repeat(43));
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
      assertThat(JSON.readTree(r.body()).path("error").path("code").asText())
          .isEqualTo("rate_limited");
    } finally {
      app.stop();
    }
  }

  @Test
  void aBurstOfBadlySignedWebhookDeliveriesIs429() throws Exception {
    WebhookDependencies webhooks =
        new WebhookDependencies(
            WebhookDependencies.secretFrom("s3cret"),
            new WebhookDeliveryStore(db.jdbi()),
            new TaskStore(db.jdbi()),
            task -> {},
            pr -> false,
            (owner, repo, sha, pullRequests) -> {},
            (owner, repo, number, body) -> {});
    Javalin app = app(RateLimit.DEFAULT_PER_KEY, webhooks);
    try {
      for (int i = 0; i < 30; i++) {
        assertThat(badDelivery(app, i).statusCode()).as("delivery " + (i + 1)).isEqualTo(401);
      }
      HttpResponse<String> r = badDelivery(app, 30);
      assertThat(r.statusCode()).isEqualTo(429);
      assertThat(r.headers().firstValue("Retry-After")).isPresent();
    } finally {
      app.stop();
    }
  }

  private static Javalin app(RateLimit limit, WebhookDependencies webhooks) {
    return ApiServer.create(
            new ApiDependencies(db, temporal.getWorkflowClient(), "rl", null, null, limit),
            webhooks)
        .start("127.0.0.1", 0);
  }

  private static HttpResponse<String> badDelivery(Javalin app, int n) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/webhooks/github"))
            .header("Content-Type", "application/json")
            .header("X-GitHub-Event", "ping")
            .header("X-GitHub-Delivery", "bad-" + n)
            .header("X-Hub-Signature-256", "sha256=" + "0".repeat(64))
            .POST(HttpRequest.BodyPublishers.ofString("{\"zen\":\"x\"}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(Javalin app, String path, String key) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .header("Authorization", TestApiKeys.bearer(key))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
