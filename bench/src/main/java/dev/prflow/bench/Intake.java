package dev.prflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * P2: POST /api/v1/tasks with 8 and 32 concurrent clients (the API alone: no worker runs the
 * workflows it starts) against raw {@code WorkflowClient.start} of TaskToPr from this one JVM with
 * as many threads, on the same Temporal server.
 */
final class Intake {
  private Intake() {}

  static void run(Options o) throws Exception {
    int n = o.integer("n", 400);
    Api api = new Api(o.get("api"), o.get("key"));
    String repository = o.get("repo");
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newConnectedServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(o.get("temporal")).build(),
            Duration.ofSeconds(10));
    WorkflowClient client = WorkflowClient.newInstance(stubs);
    String queue = "bench-raw-" + UUID.randomUUID();
    // the task as a workflow argument, the same JSON a POST carries
    JsonNode spec = Api.JSON.readTree(Api.task(0, repository, false));

    for (String level : o.get("levels", "8,32").split(",")) {
      int clients = Integer.parseInt(level.trim());
      int warm = Math.min(n, 2 * clients);
      String tag = UUID.randomUUID().toString().substring(0, 8);
      Load.Call post = i -> api.post("/api/v1/tasks", Api.task(i, repository, false), 201);
      Load.Call raw =
          i ->
              client
                  .newUntypedWorkflowStub(
                      "TaskToPr",
                      WorkflowOptions.newBuilder()
                          .setTaskQueue(queue)
                          .setWorkflowId("bench-raw-" + tag + "-" + i)
                          .build())
                  .start(spec);
      Load.run(warm, clients, post);
      Load.run(warm, clients, i -> raw.run(n + i));
      Load.Result rawRun = Load.run(n, clients, raw);
      Load.Result apiRun = Load.run(n, clients, post);
      if (apiRun.failures() > 0 || rawRun.failures() > 0) {
        Notes.print(
            "P2",
            "failures at "
                + clients
                + " clients: API "
                + apiRun.failures()
                + " ("
                + apiRun.firstFailure()
                + "), raw "
                + rawRun.failures()
                + " ("
                + rawRun.firstFailure()
                + ")");
      }
      Stats a = Stats.of(apiRun.latencies());
      Stats r = Stats.of(rawRun.latencies());
      double ratio = apiRun.perSecond() / rawRun.perSecond();
      double spread = a.p99Ms() / a.p50Ms();
      new Row(
              "P2 intake, " + clients + " clients (" + n + " POSTs)",
              Row.num(apiRun.perSecond()) + " tasks/s; " + a.describe(),
              Row.num(rawRun.perSecond()) + " starts/s raw; " + r.describe(),
              Row.ratio(ratio) + "; p99/p50 " + Row.num(spread),
              "≥ 0.3×; p99 ≤ 3× p50",
              Row.verdict(ratio >= 0.3 && spread <= 3 && apiRun.failures() == 0))
          .print();
      Notes.print(
          "P2",
          String.format(
              Locale.ROOT,
              "%d clients: API %.1f s for %d POSTs (max %.0f ms), raw start %.1f s (max %.0f ms)",
              clients,
              apiRun.seconds(),
              n,
              a.maxMs(),
              rawRun.seconds(),
              r.maxMs()));
    }
    stubs.shutdown();
  }
}
