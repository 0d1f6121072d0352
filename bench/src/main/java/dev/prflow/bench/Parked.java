package dev.prflow.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * P3: N tasks parked at the approval gate on one worker: the worker's RSS and heap after a full GC
 * before and after, then the time to approve them all and for all to complete.
 */
final class Parked {
  private Parked() {}

  static void run(Options o) throws Exception {
    int n = o.integer("n", 1000);
    long worker = o.pid("worker-pid");
    Api api = new Api(o.get("api"), o.get("key"));
    String repository = o.get("repo");
    try (Db db = new Db(o.get("db"))) {
      double heapBefore = Procs.heapAfterGcMb(worker);
      double rssBefore = Procs.rssMb(worker);
      long start = System.nanoTime();
      Load.Result posts =
          Load.run(n, 8, i -> api.post("/api/v1/tasks", Api.task(i, repository, true), 201));
      if (posts.failures() > 0) {
        throw new IllegalStateException(
            posts.failures() + " POSTs failed: " + posts.firstFailure());
      }
      db.waitFor(
          "status = 'awaiting_approval' or status in " + Db.TERMINAL, n, Duration.ofMinutes(90));
      double parkSeconds = (System.nanoTime() - start) / 1e9;
      long parked = db.count("status = 'awaiting_approval'");
      double heapAfter = Procs.heapAfterGcMb(worker);
      double rssAfter = Procs.rssMb(worker);

      List<Long> ids = new ArrayList<>();
      try (var s = db.connection.createStatement();
          var r = s.executeQuery("select id from tasks where status = 'awaiting_approval'")) {
        while (r.next()) {
          ids.add(r.getLong(1));
        }
      }
      long approveStart = System.nanoTime();
      Load.Result approvals =
          Load.run(
              ids.size(),
              8,
              i ->
                  api.post(
                      "/api/v1/tasks/" + ids.get(i) + "/approve", "{\"comment\":\"bench\"}", 202));
      db.waitFor("status in " + Db.TERMINAL, n, Duration.ofMinutes(60));
      double completeSeconds = (System.nanoTime() - approveStart) / 1e9;
      long completed = db.count("status = 'completed'");
      double growth = rssAfter - rssBefore;
      new Row(
              "P3 " + n + " parked tasks: worker RSS growth",
              Row.num(growth)
                  + " MB (RSS "
                  + Row.num(rssAfter)
                  + " MB, heap after GC "
                  + Row.num(heapAfter)
                  + " MB)",
              "idle worker: RSS "
                  + Row.num(rssBefore)
                  + " MB, heap after GC "
                  + Row.num(heapBefore)
                  + " MB",
              Row.ratio(rssAfter / rssBefore),
              "≤ 300 MB growth",
              Row.verdict(growth <= 300 && parked == n))
          .print();
      new Row(
              "P3 approve all " + ids.size() + ", then all complete",
              Row.num(approvals.seconds())
                  + " s to approve ("
                  + Stats.of(approvals.latencies()).describe()
                  + "), "
                  + Row.num(completeSeconds)
                  + " s until all ended",
              "parking them took " + Row.num(parkSeconds) + " s",
              Row.ratio(completeSeconds / parkSeconds),
              "every approved task completes",
              Row.verdict(approvals.failures() == 0 && completed == n))
          .print();
      Notes.print(
          "P3",
          String.format(
              Locale.ROOT,
              "%d tasks posted, %d parked at the gate after %.1f s; %d approvals failed (%s);"
                  + " statuses at the end: %s",
              n,
              parked,
              parkSeconds,
              approvals.failures(),
              approvals.firstFailure(),
              db.statuses()));
    }
  }
}
