package dev.prflow.api.metrics;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.post;
import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HTTP metrics are labelled by the route's template, never by the path a client sent. */
class ApiMetricsTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private PrometheusMeterRegistry registry;
  private Javalin app;
  private String base;

  @BeforeEach
  void start() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ApiMetrics metrics = new ApiMetrics(registry);
    app =
        Javalin.create(
                config -> {
                  config.startup.showJavalinBanner = false;
                  config.requestLogger.http(metrics::record);
                  config.routes.apiBuilder(
                      () -> {
                        get("/metrics", metrics::scrape);
                        get("/api/v1/tasks/{id}", ctx -> ctx.result("task " + ctx.pathParam("id")));
                        post(
                            "/api/v1/tasks",
                            ctx -> {
                              ctx.attribute(ApiMetrics.TASK_SUBMITTED, true);
                              ctx.status(201);
                            });
                        post("/webhooks/github", ctx -> ctx.status(401));
                        get(
                            "/boom",
                            ctx -> {
                              throw new IllegalStateException("boom");
                            });
                      });
                })
            .start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
  }

  @AfterEach
  void stop() {
    app.stop();
  }

  @Test
  void requestsAreCountedByRouteTemplateAndUnmatchedPathsShareOneLabel() throws Exception {
    send("GET", "/api/v1/tasks/42", null);
    send("GET", "/api/v1/tasks/43", null);
    send("GET", "/no/such/path/7", null);
    send("GET", "/another/unknown", null);
    send("GET", "/boom", null);

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/tasks/{id}\","
                + "status=\"200\"} 2")
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\""
                + ApiMetrics.UNMATCHED
                + "\",status=\"404\"} 2")
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/boom\",status=\"500\"} 1")
        .contains("http_server_requests_seconds_bucket{")
        .doesNotContain("/api/v1/tasks/42")
        .doesNotContain("/no/such/path")
        .doesNotContain("/another/unknown");
  }

  @Test
  void submittedTasksAndWebhookDeliveriesAreCountedFromWhatTheHandlersMarked() throws Exception {
    send("POST", "/api/v1/tasks", "X-Ignored");
    send("POST", "/webhooks/github", "pull_request");
    send("POST", "/webhooks/github", "made-up-event");

    String scrape = registry.scrape();
    assertThat(scrape)
        .contains("prflow_tasks_submitted_total 1.0")
        .contains(
            "prflow_webhook_deliveries_total{event=\"pull_request\",outcome=\"bad_signature\"}"
                + " 1.0")
        .contains("prflow_webhook_deliveries_total{event=\"other\",outcome=\"bad_signature\"} 1.0")
        .doesNotContain("made-up-event");
  }

  @Test
  void metricsAreServedAsPrometheusText() throws Exception {
    HttpResponse<String> r = send("GET", "/metrics", null);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(r.body()).contains("# TYPE prflow_tasks_submitted_total counter");
  }

  private HttpResponse<String> send(String method, String path, String event) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
    if (event != null) {
      request.header("X-GitHub-Event", event);
    }
    request.method(
        method,
        method.equals("GET")
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("{}"));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
