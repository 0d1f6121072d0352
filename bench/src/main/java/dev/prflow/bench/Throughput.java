package dev.prflow.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * P1: N tasks through prflow's whole pipeline (instant agent, test {@code true}) against N runs of
 * a bare-SDK workflow of the same shape with no-op activities, on the same Temporal server.
 */
final class Throughput {
  static final int CLIENTS = 8;

  private Throughput() {}

  static void run(Options o) throws Exception {
    int n = o.integer("n", 200);
    String namespace = o.get("namespace", "default");
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newConnectedServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(o.get("temporal")).build(),
            Duration.ofSeconds(10));
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());

    // --- baseline: the bare workflow, worker in this JVM with prflow's default concurrency
    String queue = "bench-bare-" + UUID.randomUUID();
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker =
        factory.newWorker(
            queue,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(8)
                .setMaxConcurrentWorkflowTaskExecutionSize(50)
                .build());
    worker.registerWorkflowImplementationTypes(
        BareTaskWorkflowImpl.class, BareValidationWorkflowImpl.class);
    worker.registerActivitiesImplementations(new BareActivitiesImpl());
    factory.start();
    bare(client, queue, Math.min(5, n), "warmup", new ArrayList<>()); // warm-up, not counted
    CpuSplit bareCpu = new CpuSplit(o);
    bareCpu.start();
    List<String> bareIds = new ArrayList<>();
    double bareSeconds = bare(client, queue, n, "run", bareIds);
    Histories bareHistories = new Histories();
    for (int i = 0; i < bareIds.size(); i += Math.max(1, bareIds.size() / 20)) {
      bareHistories.add(client, bareIds.get(i));
    }
    factory.shutdown();
    double bareRate = n / bareSeconds;
    Notes.print(
        "P1",
        String.format(
            Locale.ROOT,
            "Bare-SDK baseline: %d workflows (10 activities + a child of 6, 3 of them parallel) in"
                + " %.1f s; %s CPU by process over that phase:\n\n%s\n",
            n,
            bareSeconds,
            bareHistories.events(),
            bareCpu.table(bareSeconds)));

    // --- prflow: POST the tasks, wait until every one ended
    Api api = new Api(o.get("api"), o.get("key"));
    String repository = o.get("repo");
    try (Db db = new Db(o.get("db"))) {
      long before = db.count("true");
      CpuSplit cpu = new CpuSplit(o);
      cpu.start();
      long start = System.nanoTime();
      Load.Result posts =
          Load.run(n, CLIENTS, i -> api.post("/api/v1/tasks", Api.task(i, repository, false), 201));
      if (posts.failures() > 0) {
        throw new IllegalStateException(
            posts.failures() + " POSTs failed: " + posts.firstFailure());
      }
      db.waitFor("status in " + Db.TERMINAL, before + n, Duration.ofMinutes(60));
      double seconds = (System.nanoTime() - start) / 1e9;
      long completed = db.count("status = 'completed'");
      double rate = n / seconds;
      Notes.print(
          "P1",
          String.format(
              Locale.ROOT,
              "prflow: %d tasks posted by %d clients in %.1f s, all ended after %.1f s (%s); CPU by"
                  + " process over that phase:\n\n%s\n",
              n,
              CLIENTS,
              posts.seconds(),
              seconds,
              db.statuses(),
              cpu.table(seconds)));
      Histories histories = new Histories();
      List<String> ids = new ArrayList<>();
      try (var s = db.connection.createStatement();
          var r =
              s.executeQuery(
                  "select workflow_id from tasks where workflow_id is not null order by id limit"
                      + " 1000")) {
        while (r.next()) {
          ids.add(r.getString(1));
        }
      }
      int step = Math.max(1, ids.size() / 20);
      for (int i = 0; i < ids.size(); i += step) {
        histories.add(client, ids.get(i));
      }
      Notes.print(
          "P1",
          "Where a task's time goes (from the Temporal histories of a sample):\n\n"
              + String.join("\n", histories.table())
              + "\n\n"
              + histories.events()
              + "\n");
      double ratio = rate / bareRate;
      new Row(
              "P1 pipeline throughput (" + n + " tasks)",
              Row.num(rate)
                  + " tasks/s"
                  + (completed < before + n
                      ? " (" + (before + n - completed) + " not completed)"
                      : ""),
              Row.num(bareRate) + " wf/s bare SDK",
              Row.ratio(ratio),
              "≥ 0.5×",
              Row.verdict(ratio >= 0.5 && completed >= before + n))
          .print();
    }
    stubs.shutdown();
  }

  private static double bare(
      WorkflowClient client, String queue, int n, String label, List<String> ids) throws Exception {
    String prefix = "bare-" + label + "-" + UUID.randomUUID() + "-";
    List<WorkflowStub> started = java.util.Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    Load.Result r =
        Load.run(
            n,
            CLIENTS,
            i -> {
              BareTaskWorkflow wf =
                  client.newWorkflowStub(
                      BareTaskWorkflow.class,
                      WorkflowOptions.newBuilder()
                          .setTaskQueue(queue)
                          .setWorkflowId(prefix + i)
                          .build());
              WorkflowClient.start(wf::run, i);
              started.add(WorkflowStub.fromTyped(wf));
            });
    if (r.failures() > 0) {
      throw new IllegalStateException("bare starts failed: " + r.firstFailure());
    }
    for (WorkflowStub stub : started) {
      stub.getResult(5, java.util.concurrent.TimeUnit.MINUTES, String.class);
      ids.add(stub.getExecution().getWorkflowId());
    }
    return (System.nanoTime() - start) / 1e9;
  }
}
