package dev.prflow.api;

import io.grpc.health.v1.HealthCheckResponse;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /health}: 200 when PostgreSQL and Temporal answer, 503 naming what does not; {@code
 * warnings} lists what runs but should not run that way (agent and test commands unsandboxed).
 */
final class HealthController {

  private final ApiDependencies deps;

  HealthController(ApiDependencies deps) {
    this.deps = deps;
  }

  void health(Context ctx) {
    Map<String, Object> checks = new LinkedHashMap<>();
    boolean db = deps.database().isHealthy();
    checks.put("database", db ? "ok" : "unreachable");
    boolean temporal = temporalHealthy();
    checks.put("temporal", temporal ? "ok" : "unreachable");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", db && temporal ? "ok" : "degraded");
    body.put("checks", checks);
    body.put("warnings", deps.warnings());
    ctx.status(db && temporal ? 200 : 503).json(body);
  }

  private boolean temporalHealthy() {
    try {
      var stubs = deps.workflowClient().getWorkflowServiceStubs();
      HealthCheckResponse response =
          stubs.getRawChannel().getState(false).equals(io.grpc.ConnectivityState.SHUTDOWN)
              ? null
              : io.grpc.health.v1.HealthGrpc.newBlockingStub(stubs.getRawChannel())
                  .withDeadlineAfter(2, TimeUnit.SECONDS)
                  .check(
                      io.grpc.health.v1.HealthCheckRequest.newBuilder()
                          .setService("temporal.api.workflowservice.v1.WorkflowService")
                          .build());
      return response != null && response.getStatus() == HealthCheckResponse.ServingStatus.SERVING;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
