package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.demo.DemoTask;
import dev.prflow.activities.demo.DemoTasks;
import dev.prflow.activities.store.DatabaseUrl;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.workflows.model.TaskStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a {@code prflow dev}-shaped process (PostgreSQL, in-memory Temporal, a worker
 * and the API in one JVM) after the demo's two tasks ran, plus a GitHub task the worker cannot do
 * without Codegen (so activity failures show) and an unsigned webhook delivery. The Grafana
 * dashboard is checked against this real scrape.
 */
class MetricsIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path DASHBOARD =
      Path.of("..", "deploy", "grafana", "dashboards", "prflow.json");

  @TempDir static Path home;

  private static Stack stack;
  private static String base;
  private static Scrape scrape;
  private static HttpResponse<String> metricsResponse;

  @BeforeAll
  static void runTheDemoTasksThenScrape() throws Exception {
    DatabaseUrl url = TestPostgres.freshDatabaseUrl();
    Map<String, String> env = new HashMap<>();
    env.put("PRFLOW_HOME", home.toString());
    env.put("PRFLOW_AGENT", "demo");
    env.put("PRFLOW_HTTP_PORT", "0");
    env.put("PRFLOW_SANDBOX", "off");
    env.put("PRFLOW_TASK_QUEUE", "metrics-test");
    env.put("PRFLOW_SHUTDOWN_GRACE", "2s");
    // The in-memory Temporal, whether or not the temporal CLI is installed here.
    env.put("PRFLOW_TEMPORAL_CLI", home.resolve("no-temporal-cli").toString());
    env.put("DATABASE_URL", url.jdbcUrl());
    if (url.user() != null) {
      env.put("DATABASE_USER", url.user());
    }
    if (url.password() != null) {
      env.put("DATABASE_PASSWORD", url.password());
    }
    PrflowConfig config = PrflowConfig.from(env);
    Path demoRoot = home.resolve("demo");
    stack =
        Stack.start(
            config, new Stack.Options(true, true, true, 0, false), List.of(demoRoot), say -> {});
    base = "http://127.0.0.1:" + stack.apiPort();
    Path repo = DemoRepository.create(demoRoot.resolve("calculator"));
    TaskApiCalls.authorize(base, stack.database());

    List<Long> ids = new ArrayList<>();
    for (DemoTask task : DemoTasks.bundled()) {
      ObjectNode body = task.body().deepCopy();
      body.put("repository", "local:" + repo.toAbsolutePath());
      ids.add(submit(body));
    }
    // A GitHub task with neither GITHUB_TOKEN nor Codegen: its activities fail, the task fails.
    ObjectNode github = DemoTasks.bundled().get(0).body().deepCopy();
    github.put("repository", "github:acme/widgets");
    github.put("title", "A task no agent here can do");
    ids.add(submit(github));
    for (long id : ids) {
      awaitTerminal(id);
    }
    HttpResponse<String> webhook =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/webhooks/github"))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "issues")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(webhook.statusCode()).isEqualTo(503);

    // Workflow counts reach the registry on tally's next report (every second).
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    do {
      metricsResponse =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
              HttpResponse.BodyHandlers.ofString());
      scrape = new Scrape(metricsResponse.body());
      if (scrape.sum("prflow_tasks_finished_total") >= 3
          && scrape.sum("prflow_validation_verdicts_total") >= 2
          && scrape.names().contains("temporal_activity_execution_failed_total")) {
        break;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    Files.writeString(Path.of("target", "metrics-scrape.txt"), scrape.text());
  }

  private static long submit(ObjectNode body) throws Exception {
    HttpResponse<String> r = post("/api/v1/tasks", JSON.writeValueAsString(body));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("id").asLong();
  }

  /** Generous: the demo's tests compile Java, and the build machines are shared. */
  private static void awaitTerminal(long id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
    JsonNode view = null;
    while (System.nanoTime() < deadline) {
      view = TaskApiCalls.get(base, id);
      if (TaskStatus.isTerminal(view.path("status").asText())) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("task " + id + " did not finish: " + view);
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .header("Authorization", TaskApiCalls.authorization(base))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void metricsNeedNoKeyAndAreThePrometheusTextFormat() {
    assertThat(metricsResponse.statusCode()).isEqualTo(200);
    assertThat(metricsResponse.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain");
    assertThat(scrape.text()).contains("# TYPE prflow_tasks_finished_total counter");
  }

  @Test
  void theDemoTasksAreCountedOncePerTaskBesideTheSdkMetrics() {
    assertThat(scrape.sum("prflow_tasks_finished_total", "status", TaskStatus.COMPLETED))
        .isEqualTo(1);
    assertThat(scrape.sum("prflow_tasks_finished_total", "status", TaskStatus.VALIDATION_FAILED))
        .isEqualTo(1);
    assertThat(scrape.sum("prflow_tasks_finished_total", "status", TaskStatus.FAILED)).isEqualTo(1);
    assertThat(scrape.sum("prflow_tasks_submitted_total")).isEqualTo(3);
    assertThat(scrape.sum("prflow_task_attempts_count")).isEqualTo(3);
    assertThat(scrape.sum("prflow_task_attempts_bucket", "le", "1.0")).isEqualTo(3);
    assertThat(scrape.sum("prflow_validation_verdicts_total", "verdict", "pass")).isEqualTo(1);
    assertThat(scrape.sum("prflow_validation_verdicts_total", "verdict", "fail")).isEqualTo(1);
    assertThat(
            scrape.sum("prflow_agent_run_seconds_count", "agent", "demo", "outcome", "succeeded"))
        .isEqualTo(2);
    assertThat(scrape.sum("prflow_test_run_seconds_count", "outcome", "passed")).isEqualTo(1);
    assertThat(scrape.sum("prflow_test_run_seconds_count", "outcome", "failed")).isEqualTo(1);
    assertThat(scrape.sum("prflow_notifications_total", "outcome", "delivered")).isEqualTo(3);
    assertThat(
            scrape.sum(
                "prflow_webhook_deliveries_total", "event", "issues", "outcome", "not_configured"))
        .isEqualTo(1);
    assertThat(
            scrape.sum(
                "http_server_requests_seconds_count",
                "method",
                "POST",
                "route",
                "/api/v1/tasks",
                "status",
                "201"))
        .isEqualTo(3);
    assertThat(scrape.labelValues("http_server_requests_seconds_count", "route"))
        .contains("/api/v1/tasks/{id}")
        .allSatisfy(route -> assertThat(route).doesNotMatch(".*/\\d+$"));
    assertThat(scrape.sum("temporal_workflow_completed_total")).isGreaterThanOrEqualTo(5);
    assertThat(scrape.names())
        .contains(
            "temporal_activity_schedule_to_start_latency_seconds_bucket",
            "temporal_activity_execution_latency_seconds_count",
            "temporal_workflow_endtoend_latency_seconds_count",
            "temporal_activity_execution_failed_total");
  }

  @Test
  void everyMetricTheDashboardQueriesIsInTheScrape() throws Exception {
    JsonNode dashboard = JSON.readTree(Files.readString(DASHBOARD));
    Set<String> queried = new TreeSet<>();
    List<String> expressions = new ArrayList<>();
    collectExpressions(dashboard, expressions);
    Pattern metric = Pattern.compile("\\b((?:prflow|temporal|http)_[a-zA-Z0-9_]+)");
    for (String expr : expressions) {
      Matcher m = metric.matcher(expr);
      while (m.find()) {
        queried.add(m.group(1));
      }
    }
    assertThat(expressions).hasSizeGreaterThanOrEqualTo(15);
    assertThat(queried)
        .contains(
            "prflow_tasks_submitted_total",
            "prflow_tasks_finished_total",
            "prflow_task_attempts_bucket",
            "prflow_agent_run_seconds_bucket",
            "prflow_test_run_seconds_bucket",
            "prflow_validation_verdicts_total",
            "temporal_activity_schedule_to_start_latency_seconds_bucket",
            "http_server_requests_seconds_count");
    Set<String> names = scrape.names();
    Map<String, String> missing = new LinkedHashMap<>();
    for (String name : queried) {
      if (!names.contains(name)) {
        missing.put(name, "not in the scrape");
      }
    }
    assertThat(missing).as("metrics the dashboard queries").isEmpty();
  }

  /** Every {@code expr} of every panel target, rows' nested panels included. */
  private static void collectExpressions(JsonNode node, List<String> into) {
    if (node.isObject()) {
      JsonNode expr = node.get("expr");
      if (expr != null && expr.isTextual()) {
        into.add(expr.asText());
      }
      node.forEach(child -> collectExpressions(child, into));
    } else if (node.isArray()) {
      node.forEach(child -> collectExpressions(child, into));
    }
  }
}
