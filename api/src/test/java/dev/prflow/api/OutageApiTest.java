package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.TestRepositoryRoots;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.EmbeddedPostgres;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestApiKeys;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.WorkflowExecutionStore;
import io.javalin.Javalin;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API while its infrastructure is down: PostgreSQL really stopped (503 with Retry-After within
 * seconds, health naming the database), and a Temporal frontend that accepts connections but never
 * answers (the task is stored and answered within 5 s, its workflow started later; more frontends
 * in {@link WorkflowStarterDeadlineTest}).
 */
class OutageApiTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  /**
   * Well under what a hang would take (a silent Temporal: the SDK's 60 s; a stopped PostgreSQL: the
   * worker pool's waits), with room for a loaded CI machine.
   */
  private static final long NO_HANG_MILLIS = 15_000;

  /**
   * The POST's promise while Temporal is away (issue 9): the start is abandoned after 3 s whatever
   * the SDK does, which leaves 2 s for the rest of the request.
   */
  private static final long STORED_AND_ANSWERED_MILLIS = 5_000;

  @Test
  void whilePostgresIsStoppedTheApiAnswers503WithRetryAfterAndHealthNamesTheDatabase()
      throws Exception {
    try (EmbeddedPostgres cluster = TestPostgres.privateCluster();
        TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance()) {
      Database.connect(cluster.url(), 2).migrate().close();
      Database db = Database.connect(cluster.url(), 2, Database.API_CONNECTION_TIMEOUT);
      String key = TestApiKeys.admin(db);
      // Never used before the outage, so no cache can answer for it: its lookup meets the outage.
      String unseen = TestApiKeys.admin(db);
      Javalin app =
          ApiServer.create(
                  new ApiDependencies(db, temporal.getWorkflowClient(), "outage", null, null))
              .start("127.0.0.1", 0);
      String base = "http://127.0.0.1:" + app.port();
      try {
        assertThat(get(base + "/api/v1/tasks", key).statusCode()).isEqualTo(200);

        cluster.stopServer();
        HttpResponse<String> lookup = get(base + "/api/v1/tasks", unseen);
        assertThat(lookup.statusCode()).as("a key looked up during the outage").isEqualTo(503);
        assertThat(lookup.headers().firstValue("Retry-After")).isPresent();
        for (String path : List.of("/api/v1/tasks", "/api/v1/tasks/1", "/api/v1/validations/1")) {
          long started = System.nanoTime();
          HttpResponse<String> down = get(base + path, key);
          long millis = (System.nanoTime() - started) / 1_000_000;

          assertThat(down.statusCode()).as(path).isEqualTo(503);
          // No hang: the pool's 2 s connection timeout answers. The 5 s figure under real outages
          // is measured by scripts/chaos (docs/RELIABILITY.md), not asserted on a loaded machine.
          assertThat(millis).as(path).isLessThan(NO_HANG_MILLIS);
          assertThat(down.headers().firstValue("Retry-After")).as(path).isPresent();
          assertThat(new ObjectMapper().readTree(down.body()).path("error").path("code").asText())
              .isEqualTo("database_unavailable");
        }
        long started = System.nanoTime();
        HttpResponse<String> health = get(base + "/health", null);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(NO_HANG_MILLIS);
        assertThat(health.statusCode()).isEqualTo(503);
        JsonNode checks = new ObjectMapper().readTree(health.body()).path("checks");
        assertThat(checks.path("database").asText()).isEqualTo("unreachable");
        assertThat(checks.path("temporal").asText()).isEqualTo("ok");

        cluster.startServerAgain();
        // The pool reconnects by itself within seconds of PostgreSQL answering again.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int status = get(base + "/api/v1/tasks", key).statusCode();
        while (status == 503 && System.nanoTime() < deadline) {
          status = get(base + "/api/v1/tasks", key).statusCode();
        }
        assertThat(status).isEqualTo(200);
      } finally {
        app.stop();
        db.close();
      }
    }
  }

  @Test
  void aTaskPostedWhileTemporalDoesNotAnswerIsStoredWithinFiveSecondsAndStartedLater()
      throws Exception {
    Database db = TestPostgres.freshDatabase();
    List<Socket> held = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept()); // accepted, never answered
                  }
                } catch (Exception closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      WorkflowServiceStubs stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder()
                  .setTarget("127.0.0.1:" + silent.getLocalPort())
                  .build());
      Javalin app =
          ApiServer.create(
                  new ApiDependencies(
                      db,
                      WorkflowClient.newInstance(stubs),
                      "outage",
                      null,
                      null,
                      TestRepositoryRoots.under(tmp)))
              .start("127.0.0.1", 0);
      try {
        String key = TestApiKeys.admin(db);
        String repo =
            "local:"
                + DemoRepository.create(TestRepositoryRoots.directory(tmp).resolve("calc"))
                    .toAbsolutePath();
        long started = System.nanoTime();
        HttpResponse<String> r =
            HTTP.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + "/api/v1/tasks"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", TestApiKeys.bearer(key))
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"title\":\"While Temporal is down\",\"repository\":\""
                                + repo
                                + "\"}"))
                    .timeout(Duration.ofSeconds(30))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(millis).isLessThan(STORED_AND_ANSWERED_MILLIS);
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.path("workflow").path("started").asBoolean(true)).isFalse();
        long id = body.path("id").asLong();
        assertThat(new TaskStore(db.jdbi()).find(id).orElseThrow().status()).isEqualTo("pending");

        // Once Temporal answers, the reconciler starts it.
        try (TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance()) {
          for (String keyword : List.of("TaskStatus", "Repository", "Priority")) {
            temporal.registerSearchAttribute(keyword, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
          }
          temporal.registerSearchAttribute("Attempt", IndexedValueType.INDEXED_VALUE_TYPE_INT);
          WorkflowStarter starter =
              new WorkflowStarter(
                  temporal.getWorkflowClient(),
                  "outage",
                  null,
                  new WorkflowExecutionStore(db.jdbi()));
          assertThat(
                  new PendingTaskReconciler(new TaskStore(db.jdbi()), starter, Duration.ZERO)
                      .reconcileOnce())
              .isEqualTo(1);
          assertThat(
                  temporal
                      .getWorkflowClient()
                      .newUntypedWorkflowStub("task-" + id)
                      .describe()
                      .getWorkflowType())
              .isEqualTo("TaskToPr");
        }
      } finally {
        app.stop();
        stubs.shutdownNow();
        for (Socket s : held) {
          s.close();
        }
        db.close();
      }
    }
  }

  private static HttpResponse<String> get(String url, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Authorization", TestApiKeys.bearer(key));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
