package dev.prflow.api;

import dev.prflow.activities.LoggingContext;
import io.javalin.http.Context;
import java.util.Map;
import org.slf4j.MDC;

/**
 * While a request about one task is handled ({@code /api/v1/tasks/{id}…}, {@code
 * /api/v1/codegen/retry/{task_id}}), its task and workflow ids are in the MDC, so whatever is
 * logged meanwhile, an unhandled error included, says which task it was about.
 */
final class LogContext {

  private LogContext() {}

  static void enter(Context ctx) {
    leave(ctx);
    Map<String, String> params = ctx.pathParamMap();
    String id = params.get("task_id");
    if (id == null && ctx.path().startsWith("/api/v1/tasks/")) {
      id = params.get("id");
    }
    if (id != null && id.matches("\\d{1,18}")) {
      MDC.put(LoggingContext.TASK_ID, id);
      MDC.put(LoggingContext.WORKFLOW_ID, "task-" + id);
    }
  }

  static void leave(Context ctx) {
    MDC.remove(LoggingContext.TASK_ID);
    MDC.remove(LoggingContext.WORKFLOW_ID);
  }
}
