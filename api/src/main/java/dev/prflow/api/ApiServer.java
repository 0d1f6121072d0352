package dev.prflow.api;

import static io.javalin.apibuilder.ApiBuilder.after;
import static io.javalin.apibuilder.ApiBuilder.before;
import static io.javalin.apibuilder.ApiBuilder.beforeMatched;
import static io.javalin.apibuilder.ApiBuilder.delete;
import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prflow.activities.store.ApiKeyStore;
import dev.prflow.activities.store.DatabaseOutage;
import dev.prflow.activities.store.WebhookDeliveryStore;
import dev.prflow.api.auth.AccessControl;
import dev.prflow.api.auth.AddressLimiter;
import dev.prflow.api.auth.Budget;
import dev.prflow.api.auth.RateLimit;
import dev.prflow.api.auth.RequiredScope;
import dev.prflow.api.metrics.ApiMetrics;
import dev.prflow.api.validation.ApiException;
import dev.prflow.api.validation.RequestBodies;
import dev.prflow.api.webhooks.GitHubWebhookController;
import dev.prflow.api.webhooks.WebhookDependencies;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API. Routes live here in one place, each {@code /api/v1} route with the key scope it
 * needs ({@link RequiredScope}, checked by {@link AccessControl} before any handler); handlers live
 * in small controllers. Every error is a JSON body {@code {"error":{"code","message","fields"}}};
 * nothing answers with a stack trace.
 */
public final class ApiServer {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private ApiServer() {}

  /** The API without GitHub webhooks: {@code /webhooks/github} answers 503. */
  public static Javalin create(ApiDependencies deps) {
    return create(deps, null);
  }

  public static Javalin create(ApiDependencies deps, WebhookDependencies webhooks) {
    return create(deps, webhooks, RateLimit.FAILURES_PER_ADDRESS);
  }

  /**
   * The API with {@code failuresPerAddress} failed authentications and badly signed deliveries
   * allowed per client address ({@code PRFLOW_AUTH_FAILURE_LIMIT}).
   */
  public static Javalin create(
      ApiDependencies deps, WebhookDependencies webhooks, RateLimit failuresPerAddress) {
    return create(deps, webhooks, failuresPerAddress, newRegistry());
  }

  /**
   * As above, with the process's metrics registry: {@code GET /metrics} serves it, and the API's
   * own metrics are recorded in it (another overload gives the API a registry of its own).
   */
  public static Javalin create(
      ApiDependencies deps,
      WebhookDependencies webhooks,
      RateLimit failuresPerAddress,
      PrometheusMeterRegistry metrics) {
    return create(deps, webhooks, new AddressLimiter(failuresPerAddress), metrics);
  }

  /** A registry of the API's own, for callers that do not share one. */
  static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** Swagger UI's version, as in the pom; its files are served from the webjar. */
  static final String SWAGGER_UI = "5.35.0";

  /** HTTP method names in Javalin's 405 details ({@code {allowedMethods=[GET, POST]}}). */
  private static final Pattern METHOD =
      Pattern.compile("\\b(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE|CONNECT)\\b");

  static Javalin create(
      ApiDependencies deps, WebhookDependencies webhooks, AddressLimiter failures) {
    return create(deps, webhooks, failures, CodegenController.PREVIEW_DEADLINE, newRegistry());
  }

  /** With how long {@code generate-prompt} waits for a worker (tests shorten it). */
  static Javalin create(
      ApiDependencies deps,
      WebhookDependencies webhooks,
      AddressLimiter failures,
      Duration promptPreviewDeadline) {
    return create(deps, webhooks, failures, promptPreviewDeadline, newRegistry());
  }

  static Javalin create(
      ApiDependencies deps,
      WebhookDependencies webhooks,
      AddressLimiter failures,
      PrometheusMeterRegistry registry) {
    return create(deps, webhooks, failures, CodegenController.PREVIEW_DEADLINE, registry);
  }

  static Javalin create(
      ApiDependencies deps,
      WebhookDependencies webhooks,
      AddressLimiter failures,
      Duration promptPreviewDeadline,
      PrometheusMeterRegistry registry) {
    ApiMetrics metrics = new ApiMetrics(registry);
    ObjectMapper mapper =
        new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.findAndRegisterModules();
    WorkflowStarter starter =
        new WorkflowStarter(
            deps.workflowClient(), deps.taskQueue(), deps.workflowTimeout(), deps.executions());
    TaskController tasks = new TaskController(deps, mapper, starter);
    HealthController health = new HealthController(deps);
    ValidationController validations = new ValidationController(deps, mapper);
    TaskControlController control =
        new TaskControlController(deps, mapper, new EndedTaskRetry(deps, starter));
    CodegenController codegen = new CodegenController(deps, mapper, tasks, promptPreviewDeadline);
    GitHubWebhookController github =
        new GitHubWebhookController(
            webhooks != null
                ? webhooks
                : new WebhookDependencies(
                    null,
                    new WebhookDeliveryStore(deps.database().jdbi()),
                    deps.tasks(),
                    task -> {},
                    pr -> false,
                    (owner, repo, sha, pullRequests) -> {},
                    (owner, repo, number, body) -> {}));

    ApiKeyStore apiKeys = new ApiKeyStore(deps.database().jdbi());
    KeyController keys = new KeyController(apiKeys, mapper);
    AccessControl access = new AccessControl(apiKeys, deps.rateLimit(), failures);

    String spec = openApiSpec();
    String docs = docsPage();
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.http.prefer405over404 = true;
          config.staticFiles.enableWebjars();
          config.http.maxRequestSize = TaskController.MAX_BODY_BYTES + 1024L;
          config.jsonMapper(new JavalinJackson(mapper, false));
          config.requestLogger.http(metrics::record);
          config.routes.apiBuilder(
              () -> {
                beforeMatched(access);
                beforeMatched(LogContext::enter);
                after(LogContext::leave);
                // Open, like /health: outside /api/v1, so AccessControl asks for no key.
                get("/health", health::health);
                get("/metrics", metrics::scrape);
                get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(spec));
                get("/docs", ctx -> ctx.html(docs));
                // A badly signed delivery spends the sender's failure budget, as a bad key does.
                before(
                    "/webhooks/github",
                    ctx -> {
                      Budget refused = failures.refusal(ctx.ip());
                      if (refused != null) {
                        refused.writeHeaders(ctx);
                        throw new ApiException(
                            429,
                            "rate_limited",
                            "too many badly signed deliveries from this address; retry after "
                                + refused.retryAfterSeconds()
                                + " s",
                            List.of());
                      }
                    });
                post("/webhooks/github", github::handle);
                after(
                    "/webhooks/github",
                    ctx -> {
                      if (ctx.statusCode() == 401) {
                        failures.recordFailure(ctx.ip());
                      }
                    });
                path(
                    "/api/v1",
                    () -> {
                      path(
                          "tasks",
                          () -> {
                            post(tasks::create, RequiredScope.TASKS_WRITE);
                            get(tasks::list, RequiredScope.TASKS_READ);
                            get("{id}", tasks::get, RequiredScope.TASKS_READ);
                            post("{id}/cancel", control::cancel, RequiredScope.TASKS_CONTROL);
                            post("{id}/approve", control::approve, RequiredScope.TASKS_CONTROL);
                            post("{id}/reject", control::reject, RequiredScope.TASKS_CONTROL);
                          });
                      path(
                          "codegen",
                          () -> {
                            post("retry/{task_id}", control::retry, RequiredScope.TASKS_CONTROL);
                            post(
                                "generate-prompt",
                                codegen::generatePrompt,
                                RequiredScope.TASKS_WRITE);
                            post("create-pr", codegen::createPr, RequiredScope.TASKS_WRITE);
                            get("status/{task_id}", tasks::status, RequiredScope.TASKS_READ);
                          });
                      path(
                          "validations",
                          () -> {
                            post(validations::create, RequiredScope.VALIDATIONS_WRITE);
                            get("{id}", validations::get, RequiredScope.VALIDATIONS_READ);
                            get(
                                "{id}/report.md",
                                validations::markdown,
                                RequiredScope.VALIDATIONS_READ);
                          });
                      path(
                          "keys",
                          () -> {
                            post(keys::create, RequiredScope.ADMIN);
                            get(keys::list, RequiredScope.ADMIN);
                            delete("{name}", keys::revoke, RequiredScope.ADMIN);
                          });
                    });
              });
          config.routes.exception(
              ApiException.class,
              (e, ctx) -> {
                if (e.status() == 503) {
                  ctx.header("Retry-After", "10");
                }
                // Any refusal (401, 413, 415, 429…) may come before the body was read: drain it so
                // a client still sending sees the answer instead of a reset connection.
                RequestBodies.discardRest(ctx.req());
                ctx.status(e.status()).json(e.body());
              });
          config.routes.exception(
              MethodNotAllowedResponse.class,
              (e, ctx) -> {
                TreeSet<String> allowed = new TreeSet<>();
                Matcher m = METHOD.matcher(String.valueOf(e.getDetails()));
                while (m.find()) {
                  allowed.add(m.group());
                }
                if (!allowed.isEmpty()) {
                  ctx.header("Allow", String.join(", ", allowed));
                }
                ctx.status(405)
                    .json(
                        error(
                            405,
                            ctx.method()
                                + " is not allowed on "
                                + ctx.path()
                                + (allowed.isEmpty()
                                    ? ""
                                    : "; allowed: " + String.join(", ", allowed))));
              });
          config.routes.exception(
              HttpResponseException.class,
              (e, ctx) -> ctx.status(e.getStatus()).json(error(e.getStatus(), e.getMessage())));
          config.routes.exception(
              Exception.class,
              (e, ctx) -> {
                if (DatabaseOutage.isOutage(e)) {
                  // Infrastructure, not a bug: the client may try again shortly.
                  log.warn(
                      "PostgreSQL unavailable on {} {}: {}",
                      ctx.method(),
                      ctx.path(),
                      DatabaseOutage.describe(e));
                  ctx.header("Retry-After", String.valueOf(DATABASE_RETRY_AFTER_SECONDS));
                  ctx.status(503).json(databaseUnavailable());
                  return;
                }
                log.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).json(error(500, "internal error; see the server log"));
              });
          config.routes.error(
              404,
              ctx -> {
                if (!ctx.res().isCommitted() && ctx.result() == null) {
                  ctx.json(error(404, "no route " + ctx.method() + " " + ctx.path()));
                }
              });
          config.routes.error(
              405, ctx -> ctx.json(error(405, "method not allowed on " + ctx.path())));
          config.routes.error(
              413,
              ctx -> {
                // Javalin refuses a body over maxRequestSize from its Content-Length, unread.
                RequestBodies.discardRest(ctx.req());
                ctx.json(error(413, "request body too large"));
              });
        });
  }

  /** Swagger UI on the served OpenAPI document; its scripts come from the swagger-ui webjar. */
  static String docsPage() {
    String assets = "/webjars/swagger-ui/" + SWAGGER_UI;
    return """
        <!doctype html>
        <html lang="en">
        <head>
          <meta charset="utf-8">
          <title>prflow API</title>
          <link rel="stylesheet" href="%1$s/swagger-ui.css">
        </head>
        <body>
          <div id="swagger-ui"></div>
          <script src="%1$s/swagger-ui-bundle.js"></script>
          <script>
            window.ui = SwaggerUIBundle({
              url: "/openapi.yaml",
              dom_id: "#swagger-ui",
              persistAuthorization: false
            });
          </script>
        </body>
        </html>
        """
        .formatted(assets);
  }

  /** What {@code Retry-After} says while PostgreSQL is unavailable. */
  static final int DATABASE_RETRY_AFTER_SECONDS = 5;

  static Map<String, Object> databaseUnavailable() {
    return Map.of(
        "error",
        Map.of(
            "code",
            "database_unavailable",
            "message",
            "the database is unavailable; try again shortly",
            "fields",
            List.of()));
  }

  /** The OpenAPI document of these routes, kept beside them in the jar. */
  static String openApiSpec() {
    try (InputStream in = ApiServer.class.getResourceAsStream("/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi.yaml is missing from the build");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read openapi.yaml", e);
    }
  }

  static Map<String, Object> error(int status, String message) {
    String code =
        switch (status) {
          case 400 -> "invalid_request";
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 409 -> "conflict";
          case 413 -> "payload_too_large";
          case 415 -> "unsupported_media_type";
          case 429 -> "rate_limited";
          default -> status >= 500 ? "internal_error" : "error";
        };
    return Map.of("error", Map.of("code", code, "message", message, "fields", List.of()));
  }
}
