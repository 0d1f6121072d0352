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
    Api api = new Api(o.get("api"), o.get("key"));
    String repository = o.get("repo");
    try (Db db = new Db(o.get("db"))) {
      // prflow's worker and API warm up too (JIT, pools), as the bare worker did: not counted
      prflow(api, db, repository, Math.min(20, n));

      // Rounds in the order bare, prflow, prflow, bare, so that a machine getting faster or
      // slower through the run (these 2 cores are shared) weighs on both sides alike.
      List<String> bareIds = new ArrayList<>();
      CpuSplit bareCpu = new CpuSplit(o);
      bareCpu.start();
      double bare1 = bare(client, queue, n, "run1", bareIds);
      String bareTable = bareCpu.table(bare1);
      long lastWarmUpId = maxId(db);
      CpuSplit cpu = new CpuSplit(o);
      cpu.start();
      Round p1 = prflow(api, db, repository, n);
      String prflowTable = cpu.table(p1.seconds());
      Round p2 = prflow(api, db, repository, n);
      double bare2 = bare(client, queue, n, "run2", bareIds);
      factory.shutdown();

      Histories bareHistories = new Histories();
      for (int i = 0; i < bareIds.size(); i += Math.max(1, bareIds.size() / 20)) {
        bareHistories.add(client, bareIds.get(i));
      }
      double bareRate = 2.0 * n / (bare1 + bare2);
      double rate = 2.0 * n / (p1.seconds() + p2.seconds());
      long completed = db.count("status = 'completed' and id > " + lastWarmUpId);
      Notes.print(
          "P1",
          String.format(
              Locale.ROOT,
              "Rounds of %d in the order bare, prflow, prflow, bare, after a warm-up of each (5"
                  + " bare workflows, %d prflow tasks). Bare SDK (10 activities + a child of 6, 3"
                  + " of them parallel): %.1f s and %.1f s; %s prflow (posted by %d clients):"
                  + " %.1f s and %.1f s (%s).%n%nCPU by process over the first bare round:%n%n%s%n"
                  + "CPU by process over the first prflow round:%n%n%s%n",
              n,
              Math.min(20, n),
              bare1,
              bare2,
              bareHistories.events(),
              CLIENTS,
              p1.seconds(),
              p2.seconds(),
              db.statuses(),
              bareTable,
              prflowTable));
      Histories histories = new Histories();
      List<String> ids = new ArrayList<>();
      try (var s = db.connection.createStatement();
          var r =
              s.executeQuery(
                  "select workflow_id from tasks where workflow_id is not null order by id desc"
                      + " limit 1000")) {
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
                  + (completed < 2L * n ? " (" + (2L * n - completed) + " not completed)" : ""),
              Row.num(bareRate) + " wf/s bare SDK",
              Row.ratio(ratio),
              "≥ 0.5×",
              Row.verdict(ratio >= 0.5 && completed >= 2L * n))
          .print();
    }
    stubs.shutdown();
  }

  private record Round(double seconds) {}

  /** POSTs n tasks with {@link #CLIENTS} clients and waits until every one of them ended. */
  private static Round prflow(Api api, Db db, String repository, int n) throws Exception {
    long before = db.count("true");
    long start = System.nanoTime();
    Load.Result posts =
        Load.run(n, CLIENTS, i -> api.post("/api/v1/tasks", Api.task(i, repository, false), 201));
    if (posts.failures() > 0) {
      throw new IllegalStateException(posts.failures() + " POSTs failed: " + posts.firstFailure());
    }
    db.waitFor("status in " + Db.TERMINAL, before + n, Duration.ofMinutes(60));
    return new Round((System.nanoTime() - start) / 1e9);
  }

  private static long maxId(Db db) throws Exception {
    try (var s = db.connection.createStatement();
        var r = s.executeQuery("select coalesce(max(id), 0) from tasks")) {
      r.next();
      return r.getLong(1);
    }
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
