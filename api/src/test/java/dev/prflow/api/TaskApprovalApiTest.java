package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.TestRepositoryRoots;
import dev.prflow.activities.store.ApiScope;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskEventRow;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestApiKeys;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.workflows.model.TaskStatus;
import io.javalin.Javalin;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * approve and reject over REST against the real workflow and a real PostgreSQL: accepted only while
 * the task waits at the approval gate, 409 {@code not_awaiting_approval} otherwise, and {@code by}
 * never taken from the body.
 */
@Timeout(120)
class TaskApprovalApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String QUEUE = "approval-api-test";

  @TempDir static Path tmp;

  private static TestWorkflowEnvironment temporal;
  private static Database db;
  private static TaskStore store;
  private static GateWorker worker;
  private static Javalin app;
  private static String base;
  private static String repo;
  private static String authorization;

  @BeforeAll
  static void start() {
    // Real time: the gate waits the task's approval timeout (3 days by default) for us.
    temporal =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    for (String keyword : List.of("TaskStatus", "Repository", "Priority")) {
      temporal.registerSearchAttribute(keyword, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    temporal.registerSearchAttribute("Attempt", IndexedValueType.INDEXED_VALUE_TYPE_INT);
    db = TestPostgres.freshDatabase();
    store = new TaskStore(db.jdbi());
    worker = new GateWorker(temporal, QUEUE, store, TestRepositoryRoots.under(tmp));
    temporal.start();
    app =
        ApiServer.create(
                new ApiDependencies(
                    db,
                    temporal.getWorkflowClient(),
                    QUEUE,
                    null,
                    null,
                    TestRepositoryRoots.under(tmp)))
            .start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
    // Not an admin: the scopes a release manager needs, under a name the events must show.
    authorization =
        TestApiKeys.bearer(
            TestApiKeys.named(
                db,
                "release-manager",
                ApiScope.TASKS_READ,
                ApiScope.TASKS_WRITE,
                ApiScope.TASKS_CONTROL));
    repo =
        "local:"
            + DemoRepository.create(TestRepositoryRoots.directory(tmp).resolve("calc"))
                .toAbsolutePath();
  }

  @AfterAll
  static void stop() {
    app.stop();
    temporal.close();
    db.close();
  }

  @Test
  void approveWhileTheAgentRunsIs409AndTheTaskStillWaitsAtTheGateLater() throws Exception {
    long id = submit("Early approve", "{\"require_approval\":true,\"auto_merge\":true}");
    awaitStatus(id, "running_agent");

    HttpResponse<String> early = post(id, "approve", "{\"comment\":\"ship it\"}");

    assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
    JsonNode error = JSON.readTree(early.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("not_awaiting_approval");
    assertThat(error.path("message").asText()).contains("running_agent");
    worker.releaseAgent(id);
    awaitStatus(id, "awaiting_approval");
    // Nothing sent before the gate opened counts: the task waits, nothing merged.
    assertThat(store.events(id)).extracting(TaskEventRow::status).doesNotContain("completed");
  }

  @Test
  void theWorkflowRefusesAnApprovalWhenTheDatabaseIsAheadOfIt() throws Exception {
    long id = submit("Database ahead", "{\"require_approval\":true}");
    awaitStatus(id, "running_agent");
    // The database says awaiting_approval, the workflow still runs the agent: its validator wins.
    store.recordTransition(id, 900, "awaiting_approval", "staged by the test");

    HttpResponse<String> r = post(id, "reject", "{}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("not_awaiting_approval");
    assertThat(error.path("message").asText())
        .contains("the task is running_agent (attempt 1), not awaiting approval");
    worker.releaseAgent(id);
  }

  @Test
  void anApprovalCountsWhenTheWorkflowIsAtTheGateBeforeTheDatabaseSaysSo() throws Exception {
    long id = submit("Database behind", "{\"require_approval\":true}");
    worker.releaseAgent(id);
    awaitStatus(id, "awaiting_approval");
    // GET shows the workflow's own step before the row is written: a person who read
    // awaiting_approval there may approve while the database still says validating_pr.
    store.recordTransition(id, 900, "validating_pr", "staged by the test: the row lags behind");

    HttpResponse<String> r = post(id, "approve", "{\"comment\":\"seen it\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    assertThat(JSON.readTree(r.body()).path("decision").asText()).isEqualTo("approved");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (store.events(id).stream()
            .noneMatch(e -> "approved by release-manager via api: seen it".equals(e.detail()))
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(store.events(id))
        .extracting(TaskEventRow::detail)
        .contains("approved by release-manager via api: seen it");
  }

  @Test
  void approveAtTheGateIsAcceptedAndRecordsWhoAndVia() throws Exception {
    long id = submit("Approve at the gate", "{\"require_approval\":true,\"auto_merge\":true}");
    worker.releaseAgent(id);
    awaitStatus(id, "awaiting_approval");

    HttpResponse<String> r = post(id, "approve", "{\"comment\":\"lgtm\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.path("decision").asText()).isEqualTo("approved");
    assertThat(answer.path("attempt").asInt()).isEqualTo(1);
    JsonNode done = awaitStatus(id, "completed");
    // Who decided is the calling key's name, not anything the body says.
    assertThat(done.path("outcome_reason").asText())
        .startsWith("approved by release-manager via api; merged into");
    assertThat(store.events(id))
        .extracting(TaskEventRow::detail)
        .contains("approved by release-manager via api: lgtm");

    HttpResponse<String> again = post(id, "approve", "{}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).path("error").path("code").asText())
        .isEqualTo("not_awaiting_approval");
  }

  @Test
  void byInTheBodyIsRefusedBecauseItIsTheCallingKeysName() throws Exception {
    long id = submit("Who decides", "{\"require_approval\":true}");
    for (String action : List.of("approve", "reject", "cancel")) {
      HttpResponse<String> r = post(id, action, "{\"by\":\"mallory\"}");
      assertThat(r.statusCode()).as(action + ": " + r.body()).isEqualTo(400);
      JsonNode field = JSON.readTree(r.body()).path("error").path("fields").path(0);
      assertThat(field.path("field").asText()).isEqualTo("by");
      assertThat(field.path("problem").asText()).contains("name of the calling API key");
    }
    HttpResponse<String> retry = send(base + "/api/v1/codegen/retry/" + id, "{\"by\":\"mallory\"}");
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(400);
    worker.releaseAgent(id);
  }

  @Test
  void approveOfAnUnknownTaskIs404() throws Exception {
    assertThat(post(987_654, "approve", "{}").statusCode()).isEqualTo(404);
  }

  @Test
  void approveOfATaskThatNeedsNoApprovalIs409NotAwaitingApproval() throws Exception {
    long id = submit("No gate", "{\"require_approval\":false}");
    HttpResponse<String> r = post(id, "approve", "{}");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(r.body()).path("error").path("code").asText())
        .isEqualTo("not_awaiting_approval");
    worker.releaseAgent(id);
  }

  private static long submit(String title, String controls) throws Exception {
    JsonNode task = JSON.readTree(controls);
    ((com.fasterxml.jackson.databind.node.ObjectNode) task)
        .put("title", title)
        .put("repository", repo)
        .put("max_attempts", 1);
    HttpResponse<String> r = send(base + "/api/v1/tasks", JSON.writeValueAsString(task));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("id").asLong();
  }

  /** Polls the task's view until its stored status is {@code status}; returns the view. */
  private static JsonNode awaitStatus(long id, String status) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    JsonNode view = null;
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks/" + id))
                  .header("Authorization", authorization)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      view = JSON.readTree(r.body());
      if (status.equals(view.path("status").asText())) {
        return view;
      }
      if (TaskStatus.isTerminal(view.path("status").asText())) {
        break;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("task " + id + " never reached " + status + ": " + view);
  }

  private static HttpResponse<String> post(long id, String action, String body) throws Exception {
    return send(base + "/api/v1/tasks/" + id + "/" + action, body);
  }

  private static HttpResponse<String> send(String url, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Authorization", authorization)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
