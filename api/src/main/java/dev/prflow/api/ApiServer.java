package dev.prflow.api;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.prflow.activities.store.DatabaseOutage;
import dev.prflow.activities.store.WebhookDeliveryStore;
import dev.prflow.api.validation.ApiException;
import dev.prflow.api.webhooks.GitHubWebhookController;
import dev.prflow.api.webhooks.WebhookDependencies;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API. Routes live here in one place; handlers live in small controllers. Every error is a
 * JSON body {@code {"error":{"code","message","fields"}}}; nothing answers with a stack trace.
 */
public final class ApiServer {

  private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

  private ApiServer() {}

  /** The API without GitHub webhooks: {@code /webhooks/github} answers 503. */
  public static Javalin create(ApiDependencies deps) {
    return create(deps, null);
  }

  public static Javalin create(ApiDependencies deps, WebhookDependencies webhooks) {
    ObjectMapper mapper =
        new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    mapper.findAndRegisterModules();
    WorkflowStarter starter =
        new WorkflowStarter(
            deps.workflowClient(), deps.taskQueue(), deps.workflowTimeout(), deps.executions());
    TaskController tasks = new TaskController(deps, mapper, starter);
    HealthController health = new HealthController(deps);
    ValidationController validations = new ValidationController(deps, mapper);
    TaskControlController control = new TaskControlController(deps, mapper);
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

    String spec = openApiSpec();
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.http.maxRequestSize = TaskController.MAX_BODY_BYTES + 1024L;
          config.jsonMapper(new JavalinJackson(mapper, false));
          config.routes.apiBuilder(
              () -> {
                get("/health", health::health);
                get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(spec));
                post("/webhooks/github", github::handle);
                path(
                    "/api/v1",
                    () -> {
                      path(
                          "tasks",
                          () -> {
                            post(tasks::create);
                            get(tasks::list);
                            get("{id}", tasks::get);
                            post("{id}/cancel", control::cancel);
                            post("{id}/approve", control::approve);
                            post("{id}/reject", control::reject);
                          });
                      post("codegen/retry/{task_id}", control::retry);
                      path(
                          "validations",
                          () -> {
                            post(validations::create);
                            get("{id}", validations::get);
                            get("{id}/report.md", validations::markdown);
                          });
                    });
              });
          config.routes.exception(
              ApiException.class,
              (e, ctx) -> {
                if (e.status() == 503) {
                  ctx.header("Retry-After", "10");
                }
                ctx.status(e.status()).json(e.body());
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
          config.routes.error(413, ctx -> ctx.json(error(413, "request body too large")));
        });
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
          default -> status >= 500 ? "internal_error" : "error";
        };
    return Map.of("error", Map.of("code", code, "message", message, "fields", List.of()));
  }
}
