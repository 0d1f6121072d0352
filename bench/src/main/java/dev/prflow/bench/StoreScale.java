package dev.prflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * P6: N tasks seeded with SQL; GET /api/v1/tasks pages (keyset), the same filtered by status, and
 * GET /api/v1/tasks/{id}, one client, against the same SQL run directly over JDBC.
 */
final class StoreScale {
  static final String COLUMNS =
      "id, title, description, requirements::text as requirements,"
          + " acceptance_criteria::text as acceptance_criteria, priority, estimated_complexity,"
          + " repository, base_branch, prompt_style, status, failure_reason, workflow_id,"
          + " created_by, created_at, updated_at, completed_at, max_attempts, require_approval,"
          + " approval_timeout_seconds, auto_merge";
  static final String[] STATUSES = {
    "completed", "failed", "validation_failed", "cancelled", "rejected"
  };
  static final int PAGE = 50;

  private StoreScale() {}

  static void run(Options o) throws Exception {
    int n = o.integer("n", 100_000);
    int requests = o.integer("requests", 300);
    int warmup = o.integer("warmup", 600);
    Api api = new Api(o.get("api"), o.get("key"));
    try (Db db = new Db(o.get("db"))) {
      long seedStart = System.nanoTime();
      try (Statement s = db.connection.createStatement()) {
        s.execute(
            "insert into tasks (title, description, requirements, acceptance_criteria, repository,"
                + " base_branch, status, failure_reason, created_by, created_at, updated_at,"
                + " completed_at) select 'Seeded task ' || g, 'Seeded by bench/run P6, row ' || g,"
                + " '[\"do the thing\"]'::jsonb, '[\"it is done\"]'::jsonb, 'local:/srv/repos/seed',"
                + " 'main', (array['completed','failed','validation_failed','cancelled','rejected'])[1"
                + " + g % 5], case when g % 5 = 1 then 'seeded failure' end, 'bench', now() -"
                + " (g || ' seconds')::interval, now(), now() from generate_series(1, "
                + n
                + ") g");
        s.execute("analyze tasks");
      }
      double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
      long maxId;
      try (Statement s = db.connection.createStatement();
          ResultSet r = s.executeQuery("select max(id) from tasks")) {
        r.next();
        maxId = r.getLong(1);
      }
      Random rnd = new Random(7);
      long[] ids = new long[requests];
      for (int i = 0; i < requests; i++) {
        ids[i] = 1 + (long) (rnd.nextDouble() * maxId);
      }

      // Warm both sides up (JIT, pools, caches): a freshly started JVM answers its first few
      // hundred requests several times slower than it does after, which a service never shows.
      for (int i = 0; i < warmup; i++) {
        long id = ids[i % requests];
        api.get("/api/v1/tasks?limit=" + PAGE);
        api.get("/api/v1/tasks?limit=" + PAGE + "&status=failed");
        api.get("/api/v1/tasks/" + id);
        sqlList(db, null, null);
        sqlList(db, "failed", null);
        sqlGet(db, id);
      }

      measure(
          "P6 GET /api/v1/tasks, keyset pages of " + PAGE + " (" + n + " rows)",
          walkApi(api, null, requests),
          walkSql(db, null, requests));
      measure(
          "P6 GET /api/v1/tasks?status=failed, keyset pages",
          walkApi(api, "failed", requests),
          walkSql(db, "failed", requests));
      List<Long> apiGets = new ArrayList<>();
      List<Long> sqlGets = new ArrayList<>();
      for (long id : ids) {
        long t0 = System.nanoTime();
        api.get("/api/v1/tasks/" + id);
        apiGets.add(System.nanoTime() - t0);
        t0 = System.nanoTime();
        sqlGet(db, id);
        sqlGets.add(System.nanoTime() - t0);
      }
      measure("P6 GET /api/v1/tasks/{id}", apiGets, sqlGets);
      Notes.print(
          "P6",
          "Seeded "
              + n
              + " tasks with one INSERT … SELECT from generate_series in "
              + Row.num(seedSeconds)
              + " s. One client, "
              + requests
              + " requests per figure, after "
              + warmup
              + " warm-up rounds (a first page, a first page of status=failed and a task by id,"
              + " through the API and over JDBC alike), not counted. The baseline of GET /tasks/{id} runs the four queries the"
              + " route makes (task, agent runs, pull requests, latest report) over one JDBC"
              + " connection; of the lists, the route's own query.");
    }
  }

  private static void measure(String figure, List<Long> api, List<Long> sql) {
    Stats a = Stats.of(api);
    Stats s = Stats.of(sql);
    new Row(
            figure,
            a.describe(),
            "SQL over JDBC: " + s.describe(),
            Row.ratio(a.p99Ms() / s.p99Ms()),
            "p99 ≤ 20 ms",
            Row.verdict(a.p99Ms() <= 20))
        .print();
  }

  /** Follows next_after from the newest page on, restarting at the top when the list ends. */
  private static List<Long> walkApi(Api api, String status, int requests) throws Exception {
    List<Long> out = new ArrayList<>();
    String after = null;
    for (int i = 0; i < requests; i++) {
      String path =
          "/api/v1/tasks?limit="
              + PAGE
              + (status == null ? "" : "&status=" + status)
              + (after == null ? "" : "&after=" + after);
      long t0 = System.nanoTime();
      JsonNode page = api.get(path);
      out.add(System.nanoTime() - t0);
      JsonNode next = page.path("next_after");
      after = next.isNull() || next.isMissingNode() ? null : next.asText();
    }
    return out;
  }

  private static List<Long> walkSql(Db db, String status, int requests) throws Exception {
    List<Long> out = new ArrayList<>();
    Long after = null;
    for (int i = 0; i < requests; i++) {
      long t0 = System.nanoTime();
      List<Long> page = sqlList(db, status, after);
      out.add(System.nanoTime() - t0);
      after = page.size() > PAGE ? page.get(PAGE - 1) : null;
    }
    return out;
  }

  private static List<Long> sqlList(Db db, String status, Long after) throws Exception {
    String sql =
        "select "
            + COLUMNS
            + " from tasks where true"
            + (status == null ? "" : " and status = ?")
            + (after == null ? "" : " and id < ?")
            + " order by id desc limit ?";
    try (PreparedStatement p = db.connection.prepareStatement(sql)) {
      int i = 1;
      if (status != null) {
        p.setString(i++, status);
      }
      if (after != null) {
        p.setLong(i++, after);
      }
      p.setInt(i, PAGE + 1);
      List<Long> ids = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          ids.add(r.getLong(1));
          for (int c = 2; c <= 21; c++) {
            r.getObject(c);
          }
        }
      }
      return ids;
    }
  }

  private static void sqlGet(Db db, long id) throws Exception {
    for (String sql :
        new String[] {
          "select " + COLUMNS + " from tasks where id = ?",
          "select * from agent_runs where task_id = ? order by attempt",
          "select * from pull_requests where task_id = ? order by id",
          "select * from validation_reports where task_id = ? order by id desc limit 1"
        }) {
      try (PreparedStatement p = db.connection.prepareStatement(sql)) {
        p.setLong(1, id);
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            r.getObject(1);
          }
        }
      }
    }
  }
}
