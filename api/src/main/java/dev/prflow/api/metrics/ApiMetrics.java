package dev.prflow.api.metrics;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The API's metrics and {@code GET /metrics}: every request timed by method, route template and
 * status ({@code http_server_requests_seconds}); tasks submitted; GitHub deliveries by event and
 * outcome. Handlers mark what happened as request attributes ({@link #TASK_SUBMITTED}, {@link
 * #WEBHOOK_OUTCOME}); the request logger reads them once the answer is written. The registry is the
 * process's: where a worker runs in the same process its metrics and Temporal's are served too.
 */
public final class ApiMetrics {

  /** The route label of a request no route matched (404, 405): never the raw path. */
  public static final String UNMATCHED = "unmatched";

  /** The route label of a file served from the webjars (Swagger UI's scripts). */
  public static final String STATIC = "static";

  /** Set to {@code true} by a handler that stored a new task. */
  public static final String TASK_SUBMITTED = "prflow.metrics.taskSubmitted";

  /** Set by the webhook handler: {@code handled}, {@code ignored} or {@code duplicate}. */
  public static final String WEBHOOK_OUTCOME = "prflow.metrics.webhookOutcome";

  static final String WEBHOOK_ROUTE = "/webhooks/github";

  /** GitHub events named as such in the label; any other value becomes {@code other}. */
  private static final Set<String> KNOWN_EVENTS =
      Set.of("pull_request", "issues", "issue_comment", "check_suite", "check_run", "ping");

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final PrometheusMeterRegistry registry;
  private final Counter submitted;

  public ApiMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.submitted =
        Counter.builder("prflow_tasks_submitted")
            .description("Tasks stored by the API: POST /api/v1/tasks and labelled GitHub issues")
            .register(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** {@code GET /metrics}: the Prometheus text format. */
  public void scrape(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }

  /** Javalin's request logger: called once per request after its answer is written. */
  public void record(Context ctx, Float executionMillis) {
    String route = route(ctx);
    String status = String.valueOf(ctx.statusCode());
    String method = ctx.method().name().toUpperCase(Locale.ROOT);
    Timer.builder("http_server_requests")
        .description("HTTP requests served by the API, by route template")
        .tags("method", METHODS.contains(method) ? method : "OTHER")
        .tags("route", route)
        .tags("status", status)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry)
        .record(
            (long) ((executionMillis == null ? 0f : executionMillis) * 1_000_000L),
            TimeUnit.NANOSECONDS);
    if (Boolean.TRUE.equals(ctx.attribute(TASK_SUBMITTED))) {
      submitted.increment();
    }
    if (WEBHOOK_ROUTE.equals(route)) {
      String outcome = ctx.attribute(WEBHOOK_OUTCOME);
      registry
          .counter(
              "prflow_webhook_deliveries",
              "event",
              event(ctx.header("X-GitHub-Event")),
              "outcome",
              outcome != null ? outcome : outcomeOf(ctx.statusCode()))
          .increment();
    }
  }

  /** The matched route's path template ({@code /api/v1/tasks/{id}}); never the request's path. */
  public static String route(Context ctx) {
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    if (matched != null) {
      return matched.path;
    }
    // Javalin's static files (the webjars) answer without an endpoint; anything else is unmatched.
    int status = ctx.statusCode();
    return status >= 200 && status < 400 ? STATIC : UNMATCHED;
  }

  static String event(String header) {
    return header != null && KNOWN_EVENTS.contains(header) ? header : "other";
  }

  /** A delivery's outcome from its status where the handler marked none. */
  static String outcomeOf(int status) {
    if (status >= 200 && status < 300) {
      return "handled";
    }
    if (status == 401) {
      return "bad_signature";
    }
    return status >= 500 ? "error" : "rejected";
  }
}
