package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.TestRepositoryRoots;
import dev.prflow.activities.store.AgentRunRow;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.ApiScope;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskEventRow;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestApiKeys;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.api.auth.AddressLimiter;
import dev.prflow.api.auth.RateLimit;
import dev.prflow.workflows.model.TaskStatus;
import io.javalin.Javalin;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/codegen}: generate-prompt (on a worker, nothing stored), create-pr (a task with
 * its own prompt), status, and retry of an ended task, against the real workflows, a real
 * PostgreSQL and Temporal's in-memory server.
 */
@Timeout(120)
class CodegenApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String QUEUE = "codegen-api-test";

  @TempDir static Path tmp;

  private static TestWorkflowEnvironment temporal;
  private static Database db;
  private static TaskStore store;
  private static AgentRunStore runs;
  private static CodegenWorker worker;
  private static Javalin app;
  private static Javalin noWorkerApp;
  private static String base;
  private static String repo;
  private static String authorization;

  @BeforeAll
  static void start() throws Exception {
    temporal =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    for (String keyword : List.of("TaskStatus", "Repository", "Priority")) {
      temporal.registerSearchAttribute(keyword, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    temporal.registerSearchAttribute("Attempt", IndexedValueType.INDEXED_VALUE_TYPE_INT);
    db = TestPostgres.freshDatabase();
    store = new TaskStore(db.jdbi());
    runs = new AgentRunStore(db.jdbi());
    worker = new CodegenWorker(temporal, QUEUE, store, runs, TestRepositoryRoots.under(tmp));
    temporal.start();
    ApiDependencies deps =
        new ApiDependencies(
            db, temporal.getWorkflowClient(), QUEUE, null, null, TestRepositoryRoots.under(tmp));
    app = ApiServer.create(deps).start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
    // The same API on a task queue no worker polls, with a short preview deadline.
    noWorkerApp =
        ApiServer.create(
                new ApiDependencies(
                    db,
                    temporal.getWorkflowClient(),
                    "nobody-polls-this",
                    null,
                    null,
                    TestRepositoryRoots.under(tmp)),
                null,
                new AddressLimiter(RateLimit.FAILURES_PER_ADDRESS),
                Duration.ofSeconds(2))
            .start("127.0.0.1", 0);
    authorization =
        TestApiKeys.bearer(
            TestApiKeys.named(
                db, "ops-bot", ApiScope.TASKS_READ, ApiScope.TASKS_WRITE, ApiScope.TASKS_CONTROL));
    Path dir = DemoRepository.create(TestRepositoryRoots.directory(tmp).resolve("calc"));
    // A build manifest, so the preview has dependencies to list.
    Files.writeString(
        dir.resolve("pom.xml"),
        "<project><dependencies><dependency><groupId>org.junit.jupiter</groupId>"
            + "<artifactId>junit-jupiter</artifactId><version>5.11.0</version></dependency>"
            + "</dependencies></project>\n");
    Git git = new Git(dir);
    git.run("add", "pom.xml");
    git.run("commit", "--quiet", "-m", "Add a pom");
    repo = "local:" + dir.toAbsolutePath();
  }

  @AfterAll
  static void stop() {
    noWorkerApp.stop();
    app.stop();
    temporal.close();
    db.close();
  }

  // --- generate-prompt -------------------------------------------------------------------------

  @Test
  void generatePromptStoresNothing() throws Exception {
    int before = store.list(null, null, 1000).size();

    HttpResponse<String> r =
        send(
            base + "/api/v1/codegen/generate-prompt",
            task("Add multiplication to the Calculator", "comprehensive").toString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(answer.path("stored").asBoolean()).isFalse();
    assertThat(answer.path("style").asText()).isEqualTo("comprehensive");
    assertThat(answer.path("base_branch").asText()).isEqualTo("main");
    assertThat(answer.path("prompt").asText())
        .contains("# Task: Add multiplication to the Calculator")
        .contains("junit-jupiter");
    assertThat(answer.path("context").path("files").toString()).contains("Calculator.java");
    assertThat(answer.path("context").path("manifests").toString()).contains("pom.xml");
    assertThat(store.list(null, null, 1000)).hasSize(before);
  }

  @Test
  void generatePromptHonoursThePromptStyle() throws Exception {
    JsonNode concise =
        JSON.readTree(
            send(
                    base + "/api/v1/codegen/generate-prompt",
                    task("Add multiplication to the Calculator", "concise").toString())
                .body());
    JsonNode steps =
        JSON.readTree(
            send(
                    base + "/api/v1/codegen/generate-prompt",
                    task("Add multiplication to the Calculator", "step_by_step").toString())
                .body());

    assertThat(concise.path("style").asText()).isEqualTo("concise");
    assertThat(steps.path("style").asText()).isEqualTo("step_by_step");
    assertThat(concise.path("prompt").asText()).isNotEqualTo(steps.path("prompt").asText());
    // A concise prompt lists no dependencies; the others do.
    assertThat(concise.path("context").path("manifests")).isEmpty();
    assertThat(steps.path("context").path("manifests").toString()).contains("pom.xml");
  }

  @Test
  void generatePromptOfAMissingBranchIs404NamingTheField() throws Exception {
    ObjectNode body = task("Anything", null).put("base_branch", "no-such-branch");

    HttpResponse<String> r = send(base + "/api/v1/codegen/generate-prompt", body.toString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    JsonNode field = JSON.readTree(r.body()).path("error").path("fields").path(0);
    assertThat(field.path("field").asText()).isEqualTo("base_branch");
    assertThat(field.path("problem").asText()).contains("no-such-branch");
  }

  @Test
  void generatePromptOfAPathThatIsNoRepositoryIs400NamingTheRepository() throws Exception {
    Path empty = Files.createDirectories(TestRepositoryRoots.directory(tmp).resolve("empty"));
    ObjectNode body = task("Anything", null).put("repository", "local:" + empty);

    HttpResponse<String> r = send(base + "/api/v1/codegen/generate-prompt", body.toString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("error").path("fields").path(0).path("field").asText())
        .isEqualTo("repository");
  }

  @Test
  void generatePromptRefusesBadInputWithTheFieldsAtFault() throws Exception {
    HttpResponse<String> r =
        send(
            base + "/api/v1/codegen/generate-prompt",
            "{\"repository\":\"local:/etc\",\"prompt_style\":\"haiku\",\"colour\":1}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("error").path("fields").findValuesAsText("field"))
        .contains("colour", "prompt_style", "title");
  }

  @Test
  void generatePromptWithoutAWorkerAnswers503() throws Exception {
    HttpResponse<String> r =
        send(
            "http://127.0.0.1:" + noWorkerApp.port() + "/api/v1/codegen/generate-prompt",
            task("Nobody listens", null).toString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
    assertThat(JSON.readTree(r.body()).path("error").path("message").asText())
        .contains("no worker");
  }

  // --- create-pr and status ---------------------------------------------------------------------

  @Test
  void createPrSkipsPromptGeneration() throws Exception {
    String prompt = "Add multiply(int a, int b) to demo.Calculator, with a test.";
    ObjectNode body =
        JSON.createObjectNode()
            .put("prompt", prompt)
            .put("repository", repo)
            .put("base_branch", "main")
            .put("branch_name", "feature/multiply")
            .put("pr_title", "Add multiplication")
            .put("auto_merge", false);

    HttpResponse<String> r = send(base + "/api/v1/codegen/create-pr", body.toString());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    JsonNode created = JSON.readTree(r.body());
    long id = created.path("id").asLong();
    assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/tasks/" + id);
    assertThat(created.path("workflow").path("started").asBoolean()).isTrue();
    assertThat(created.path("title").asText()).isEqualTo("Add multiplication");
    awaitStatus(id, TaskStatus.COMPLETED);
    assertThat(worker.generatedPromptFor).doesNotContain(id);
    assertThat(worker.agentPrompts.get(id + "-1")).isEqualTo(prompt);
    assertThat(worker.agentBranches.get(id + "-1")).isEqualTo("feature/multiply");
    assertThat(runs.forTask(id))
        .extracting(AgentRunRow::branch)
        .containsExactly("feature/multiply");
    assertThat(store.events(id))
        .extracting(TaskEventRow::status)
        .doesNotContain(TaskStatus.GENERATING_PROMPT);
  }

  @Test
  void createPrRefusesBadInputWithTheFieldsAtFault() throws Exception {
    HttpResponse<String> r =
        send(
            base + "/api/v1/codegen/create-pr",
            "{\"prompt\":\"  \",\"repository\":\""
                + repo
                + "\",\"branch_name\":\"bad..name\",\"auto_merge\":\"yes\"}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("error").path("fields").findValuesAsText("field"))
        .containsExactly("auto_merge", "branch_name", "pr_title", "prompt");
  }

  @Test
  void statusIsTheTaskView() throws Exception {
    long id = submit("Status view", 1);
    awaitStatus(id, TaskStatus.COMPLETED);

    JsonNode status = JSON.readTree(get(base + "/api/v1/codegen/status/" + id).body());
    JsonNode task = JSON.readTree(get(base + "/api/v1/tasks/" + id).body());

    assertThat(status).isEqualTo(task);
    assertThat(get(base + "/api/v1/codegen/status/987654").statusCode()).isEqualTo(404);
  }

  // --- retry of an ended task -------------------------------------------------------------------

  @Test
  void retryOfAValidationFailedTaskContinuesTheAttemptNumbers() throws Exception {
    long id = submit("Failing at first", 1);
    awaitStatus(id, TaskStatus.VALIDATION_FAILED);

    HttpResponse<String> r = send(base + "/api/v1/codegen/retry/" + id, "{}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode accepted = JSON.readTree(r.body());
    assertThat(accepted.path("attempt").asInt()).isEqualTo(2);
    assertThat(accepted.path("strategy").asText()).isEqualTo("fix_forward");
    assertThat(accepted.path("new_run").asBoolean()).isTrue();
    JsonNode done = awaitStatus(id, TaskStatus.COMPLETED);
    assertThat(done.path("outcome_reason").asText()).isEqualTo("verdict pass");
    assertThat(runs.forTask(id))
        .extracting(AgentRunRow::attempt, AgentRunRow::strategy)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "initial"),
            org.assertj.core.groups.Tuple.tuple(2, "fix_forward"));
    // Who retried is the calling key's name; the second run's transitions follow the first's.
    List<TaskEventRow> events = store.events(id);
    assertThat(events)
        .extracting(TaskEventRow::detail)
        .anySatisfy(
            d ->
                assertThat(d)
                    .startsWith("retried by ops-bot via api after it ended validation_failed"));
    assertThat(events)
        .extracting(TaskEventRow::status)
        .containsSubsequence(
            TaskStatus.VALIDATION_FAILED,
            TaskStatus.PENDING,
            TaskStatus.VALIDATING,
            TaskStatus.COMPLETED);
  }

  @Test
  void retryOfAnEndedTaskWithANamedStrategyUsesIt() throws Exception {
    long id = submit("Failing, then simplified", 1);
    awaitStatus(id, TaskStatus.VALIDATION_FAILED);

    HttpResponse<String> r =
        send(
            base + "/api/v1/codegen/retry/" + id,
            "{\"retry_options\":{\"strategy\":\"simplified_scope\"}}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    awaitStatus(id, TaskStatus.COMPLETED);
    assertThat(runs.forTask(id)).extracting(AgentRunRow::strategy).endsWith("simplified_scope");
  }

  @Test
  void retryOfACompletedTaskIsRefusedWith409() throws Exception {
    long id = submit("Done already", 1);
    awaitStatus(id, TaskStatus.COMPLETED);

    HttpResponse<String> r = send(base + "/api/v1/codegen/retry/" + id, "{}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
    assertThat(JSON.readTree(r.body()).path("error").path("message").asText())
        .contains("completed");
    assertThat(runs.forTask(id)).hasSize(1);
  }

  @Test
  void concurrentRetriesOfAnEndedTaskStartExactlyOneRun() throws Exception {
    long id = submit("Failing, retried twice at once", 1);
    awaitStatus(id, TaskStatus.VALIDATION_FAILED);
    worker.holdRerunsOf(id);

    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      calls.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  go.await();
                  return send(base + "/api/v1/codegen/retry/" + id, "{}");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    go.countDown();
    List<Integer> codes = new ArrayList<>();
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      codes.add(call.join().statusCode());
    }
    worker.release(id);

    assertThat(codes).containsExactlyInAnyOrder(202, 409);
    awaitStatus(id, TaskStatus.COMPLETED);
    assertThat(runs.forTask(id)).extracting(AgentRunRow::attempt).containsExactly(1, 2);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static ObjectNode task(String title, String style) {
    ObjectNode body = JSON.createObjectNode().put("title", title).put("repository", repo);
    body.putArray("requirements").add("multiply(int a, int b) in demo.Calculator");
    if (style != null) {
      body.put("prompt_style", style);
    }
    return body;
  }

  private static long submit(String title, int maxAttempts) throws Exception {
    ObjectNode body = task(title, null).put("max_attempts", maxAttempts);
    HttpResponse<String> r = send(base + "/api/v1/tasks", body.toString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("id").asLong();
  }

  /** Polls the task's view until its stored status is {@code status}; returns the view. */
  private static JsonNode awaitStatus(long id, String status) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    JsonNode view = null;
    while (Instant.now().isBefore(deadline)) {
      view = JSON.readTree(get(base + "/api/v1/tasks/" + id).body());
      if (status.equals(view.path("status").asText())) {
        return view;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("task " + id + " never reached " + status + ": " + view);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", authorization)
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
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
