package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.prflow.activities.store.DatabaseUrl;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.workflows.WorkflowMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PRFLOW_METRICS_PORT} and the worker's own {@code /metrics}. */
class MetricsPortTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path home;

  @Test
  void metricsPortDefaultsTo9464AndTakesZeroOrOff() {
    assertThat(config(Map.of()).metricsPort()).isEqualTo(9464);
    assertThat(config(Map.of("PRFLOW_METRICS_PORT", "9100")).metricsPort()).isEqualTo(9100);
    assertThat(config(Map.of("PRFLOW_METRICS_PORT", "0")).metricsPort()).isZero();
    assertThat(config(Map.of("PRFLOW_METRICS_PORT", "off")).metricsPort())
        .isEqualTo(PrflowConfig.METRICS_OFF);
  }

  @Test
  void aBadMetricsPortFailsAtStartWithOneLineNamingIt() {
    for (String bad : List.of("metrics", "70000", "-1", "9464x", "on")) {
      assertThatThrownBy(() -> config(Map.of("PRFLOW_METRICS_PORT", bad)))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("PRFLOW_METRICS_PORT")
          .hasMessageContaining(bad)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void theMetricsServerServesTheRegistryAndNothingElse() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.counter("prflow_notifications", "outcome", "delivered").increment();
    try (MetricsServer server = MetricsServer.start(registry, "127.0.0.1", 0)) {
      HttpResponse<String> metrics = get(server.port(), "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(metrics.body()).contains("prflow_notifications_total{outcome=\"delivered\"} 1.0");
      HttpResponse<String> other = get(server.port(), "/api/v1/tasks");
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(other.body()).contains("\"code\":\"not_found\"");
    }
  }

  @Test
  void aBusyMetricsPortFailsWithOneLineNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      assertThatThrownBy(() -> MetricsServer.start(registry, "127.0.0.1", taken.getLocalPort()))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("PRFLOW_METRICS_PORT")
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aWorkerWithoutTheApiServesTheSdkMetricsOnItsMetricsPort() throws Exception {
    DatabaseUrl url = TestPostgres.freshDatabaseUrl();
    try (TemporalRuntime temporal = TemporalLauncher.startInMemory(0, "default")) {
      Map<String, String> env = new HashMap<>();
      env.put("PRFLOW_HOME", home.toString());
      env.put("PRFLOW_AGENT", "demo");
      env.put("PRFLOW_SANDBOX", "off");
      env.put("PRFLOW_TASK_QUEUE", "metrics-port-test");
      env.put("PRFLOW_SHUTDOWN_GRACE", "1s");
      env.put("PRFLOW_METRICS_PORT", "0");
      env.put("TEMPORAL_ADDRESS", temporal.address());
      env.put("DATABASE_URL", url.jdbcUrl());
      if (url.user() != null) {
        env.put("DATABASE_USER", url.user());
      }
      if (url.password() != null) {
        env.put("DATABASE_PASSWORD", url.password());
      }
      try (Stack stack =
          Stack.start(
              PrflowConfig.from(env), new Stack.Options(true, false, false, 0, false), m -> {})) {
        assertThat(stack.apiPort()).isEqualTo(-1);
        assertThat(stack.metricsPort()).isPositive();
        // The pollers' first requests reach the registry on tally's next report.
        String body = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline && !body.contains("temporal_")) {
          body = get(stack.metricsPort(), "/metrics").body();
          Thread.sleep(200);
        }
        assertThat(body).contains("temporal_").contains("jvm_memory_used_bytes");
      }
    }
  }

  @Test
  void attemptsAreRecordedAsTheWholeNumbersTheyAre() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Scope scope =
        new RootScopeBuilder()
            .reporter(new TallyReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(60));
    Scope workflow =
        scope.tagged(
            Map.of("workflow_type", "TaskToPr", "activity_type", "none", "task_queue", "q"));
    for (int attempts : new int[] {1, 1, 3}) {
      workflow
          .histogram(WorkflowMetrics.TASK_ATTEMPTS, WorkflowMetrics.ATTEMPT_BUCKETS)
          .recordValue(attempts);
    }
    workflow.tagged(Map.of("status", "completed")).counter(WorkflowMetrics.TASKS_FINISHED).inc(2);
    scope.close();

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("prflow_task_attempts_count{task_queue=\"q\",workflow_type=\"TaskToPr\"} 3")
        .contains("prflow_task_attempts_sum{task_queue=\"q\",workflow_type=\"TaskToPr\"} 5.0")
        .contains(
            "prflow_task_attempts_bucket{task_queue=\"q\",workflow_type=\"TaskToPr\",le=\"1.0\"} 2")
        .contains(
            "prflow_task_attempts_bucket{task_queue=\"q\",workflow_type=\"TaskToPr\",le=\"3.0\"} 3")
        .contains(
            "prflow_tasks_finished_total{status=\"completed\",task_queue=\"q\","
                + "workflow_type=\"TaskToPr\"} 2.0")
        .doesNotContain("activity_type=\"none\"");
  }

  private PrflowConfig config(Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("PRFLOW_HOME", home.toString());
    return PrflowConfig.from(env);
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
