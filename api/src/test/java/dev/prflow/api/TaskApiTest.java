package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.TestRepositoryRoots;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestApiKeys;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.WorkflowExecutionStore;
import io.javalin.Javalin;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The task endpoints over real HTTP, with a real PostgreSQL and Temporal's in-memory server (no
 * worker: workflows are started, not run).
 */
class TaskApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path tmp;

  private static TestWorkflowEnvironment temporal;
  private static Database db;
  private static Javalin app;
  private static String base;
  private static String repo;
  private static Path root;
  private static Path outside;
  private static String apiKey;

  @BeforeAll
  static void start() {
    temporal = TestWorkflowEnvironment.newInstance();
    // As prflow's own servers do at start-up (see the worker's SearchAttributes).
    for (String keyword : List.of("TaskStatus", "Repository", "Priority")) {
      temporal.registerSearchAttribute(keyword, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    temporal.registerSearchAttribute("Attempt", IndexedValueType.INDEXED_VALUE_TYPE_INT);
    db = TestPostgres.freshDatabase();
    app =
        ApiServer.create(
                new ApiDependencies(
                    db,
                    temporal.getWorkflowClient(),
                    "api-test",
                    null,
                    null,
                    TestRepositoryRoots.under(tmp)))
            .start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
    root = TestRepositoryRoots.directory(tmp);
    Path calc = DemoRepository.create(root.resolve("calc"));
    new Git(calc).run("branch", "feature");
    repo = "local:" + calc.toAbsolutePath();
    // A real git repository, so only the roots can be what refuses it.
    outside = DemoRepository.create(tmp.resolve("elsewhere").resolve("calc"));
    apiKey = TestApiKeys.admin(db);
  }

  @AfterAll
  static void stop() {
    app.stop();
    temporal.close();
    db.close();
  }

  @Test
  void createsTaskAndStartsItsWorkflow() throws Exception {
    HttpResponse<String> r =
        post("{\"title\":\"Add multiply\",\"repository\":\"" + repo + "\"}", null);
    assertThat(r.statusCode()).isEqualTo(201);
    JsonNode body = JSON.readTree(r.body());
    long id = body.path("id").asLong();
    assertThat(body.path("workflow_id").asText()).isEqualTo("task-" + id);
    assertThat(body.path("base_branch").asText()).isEqualTo("main");
    assertThat(r.headers().firstValue("Location")).contains("/api/v1/tasks/" + id);
    if (!body.path("workflow").path("started").asBoolean()) {
      // The start has a 3 s deadline; on a machine too loaded to start it in time the task is
      // stored pending and the reconciler starts it, which is what a deployment runs.
      assertThat(
              new PendingTaskReconciler(
                      new TaskStore(db.jdbi()),
                      new WorkflowStarter(
                          temporal.getWorkflowClient(),
                          "api-test",
                          null,
                          new WorkflowExecutionStore(db.jdbi())),
                      Duration.ZERO)
                  .reconcileOnce())
          .isEqualTo(1);
    }
    var described =
        temporal
            .getWorkflowServiceStubs()
            .blockingStub()
            .describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace("default")
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId("task-" + id))
                    .build());
    assertThat(described.getWorkflowExecutionInfo().getType().getName()).isEqualTo("TaskToPr");
    assertThat(described.getWorkflowExecutionInfo().getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void sameIdempotencyKeyReturnsTheSameTask() throws Exception {
    String task = "{\"title\":\"Once only\",\"repository\":\"" + repo + "\"}";
    HttpResponse<String> first = post(task, "key-once");
    HttpResponse<String> second = post(task, "key-once");
    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
    assertThat(JSON.readTree(second.body()).path("id").asLong())
        .isEqualTo(JSON.readTree(first.body()).path("id").asLong());
  }

  @Test
  void rejectsTaskWithoutTitle() throws Exception {
    HttpResponse<String> r = post("{\"repository\":\"" + repo + "\"}", null);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_request");
    assertThat(error.path("fields").get(0).path("field").asText()).isEqualTo("title");
  }

  @Test
  void rejectsRepositoryThatIsNotAGitRepository() throws Exception {
    HttpResponse<String> r =
        post("{\"title\":\"x\",\"repository\":\"local:" + root.resolve("nothing") + "\"}", null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("error").path("fields").get(0).path("field").asText())
        .isEqualTo("repository");
  }

  @Test
  void aBaseBranchMissingFromTheRepositoryIsNotFound() throws Exception {
    HttpResponse<String> r =
        post("{\"title\":\"x\",\"repository\":\"" + repo + "\",\"base_branch\":\"nope\"}", null);
    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode field = JSON.readTree(r.body()).path("error").path("fields").get(0);
    assertThat(field.path("field").asText()).isEqualTo("base_branch");
    assertThat(field.path("problem").asText()).contains("nope");
  }

  @Test
  void rejectsMalformedJsonWithoutAStackTrace() throws Exception {
    HttpResponse<String> r = post("{\"title\": ", null);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).doesNotContain("Exception").contains("\"field\":\"body\"");
  }

  @Test
  void rejectsOversizedBodyWith413() throws Exception {
    String big = "{\"title\":\"x\",\"description\":\"" + "a".repeat(1_100_000) + "\"}";
    HttpResponse<String> r = post(big, null);
    assertThat(r.statusCode()).isEqualTo(413);
  }

  @Test
  void oversizedBodyIsReadToTheEndSoTheClientGetsThe413() throws Exception {
    // Large enough that the socket buffers cannot hide a server that answers and closes unread.
    byte[] body = ("{\"title\":\"x\",\"description\":\"" + "a".repeat(8 << 20) + "\"}").getBytes();

    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Authorization: "
                  + TestApiKeys.bearer(apiKey)
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

      assertThat(head).isEqualTo("HTTP/1.1 413");
    }
  }

  @Test
  void unknownTaskIs404() throws Exception {
    assertThat(get("/api/v1/tasks/999999").statusCode()).isEqualTo(404);
    HttpResponse<String> r = get("/api/v1/tasks/abc");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("not_found");
  }

  @Test
  void showsTaskWithItsStatus() throws Exception {
    long id =
        JSON.readTree(post("{\"title\":\"Show me\",\"repository\":\"" + repo + "\"}", null).body())
            .path("id")
            .asLong();
    HttpResponse<String> r = get("/api/v1/tasks/" + id);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode view = JSON.readTree(r.body());
    assertThat(view.path("title").asText()).isEqualTo("Show me");
    assertThat(view.path("status").asText()).isEqualTo("pending");
    assertThat(view.path("agent_runs").isArray()).isTrue();
  }

  @Test
  void listsTasksNewestFirstWithKeysetPagination() throws Exception {
    for (int i = 0; i < 3; i++) {
      post("{\"title\":\"page " + i + "\",\"repository\":\"" + repo + "\"}", null);
    }
    JsonNode first = JSON.readTree(get("/api/v1/tasks?limit=2").body());
    assertThat(first.path("items").size()).isEqualTo(2);
    long after = first.path("next_after").asLong();
    JsonNode second = JSON.readTree(get("/api/v1/tasks?limit=2&after=" + after).body());
    assertThat(second.path("items").get(0).path("id").asLong()).isLessThan(after);
  }

  @Test
  void rejectsUnknownStatusFilter() throws Exception {
    HttpResponse<String> r = get("/api/v1/tasks?status=nonsense");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"field\":\"status\"");
    assertThat(get("/api/v1/tasks?limit=0").statusCode()).isEqualTo(400);
  }

  @Test
  void healthReportsDatabaseAndTemporal() throws Exception {
    HttpResponse<String> r = get("/health");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("checks").path("database").asText()).isEqualTo("ok");
    assertThat(r.statusCode()).isIn(200, 503);
  }

  @Test
  void unknownRouteIsJson404() throws Exception {
    HttpResponse<String> r = get("/api/v1/nothing-here");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("not_found");
  }

  @Test
  void githubWebhooksRefuseEverythingWithoutASecret() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/webhooks/github"))
                .header("X-GitHub-Event", "ping")
                .header("X-GitHub-Delivery", "d-1")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("GITHUB_WEBHOOK_SECRET");
  }

  @Test
  void standaloneValidationOfAGitHubRepositoryWithoutATokenIsA503NotA500() throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/validations"))
                .header("Content-Type", "application/json")
                .header("Authorization", TestApiKeys.bearer(apiKey))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"repository\":\"github:acme/shop\",\"pr_number\":3}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("\"code\":\"unavailable\"").contains("GITHUB_TOKEN");
  }

  @Test
  void taskOnARepositoryOutsideTheRootsIs400NamingRepositoryAndTheVariable() throws Exception {
    assertOutsideTheRoots(post(task("local:" + outside), null), outside.toString());
  }

  @Test
  void taskThatClimbsOutOfARootWithDotDotIs400() throws Exception {
    String trick = root + "/../elsewhere/calc";
    assertOutsideTheRoots(post(task("local:" + trick), null), "elsewhere/calc");
  }

  @Test
  void taskOnASymbolicLinkInsideARootPointingOutsideIs400() throws Exception {
    Path link = root.resolve("calc-link");
    if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, outside);
    }
    assertOutsideTheRoots(post(task("local:" + link), null), link.toString());
  }

  @Test
  void taskOnARepositoryUnderARootIs201() throws Exception {
    assertThat(post(task(repo), null).statusCode()).isEqualTo(201);
  }

  @Test
  void validationOfARepositoryOutsideTheRootsIs400() throws Exception {
    Path link = root.resolve("validation-link");
    if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      Files.createSymbolicLink(link, outside);
    }
    for (Path path : List.of(outside, Path.of(root + "/../elsewhere/calc"), link)) {
      HttpResponse<String> r =
          postValidation("{\"repository\":\"local:" + path + "\",\"head_branch\":\"main\"}");
      assertOutsideTheRoots(r, path.getFileName().toString());
    }
    assertThat(new Git(outside).resolve("refs/heads/main")).isPresent();
  }

  @Test
  void validationOfARepositoryUnderARootIsAccepted() throws Exception {
    HttpResponse<String> r =
        postValidation("{\"repository\":\"" + repo + "\",\"head_branch\":\"feature\"}");
    assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
    assertThat(JSON.readTree(r.body()).path("workflow_id").asText()).startsWith("validate-local-");
  }

  private static String task(String repository) {
    return "{\"title\":\"Rooted\",\"repository\":\"" + repository + "\"}";
  }

  private static void assertOutsideTheRoots(HttpResponse<String> r, String path) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("invalid_request");
    JsonNode field = error.path("fields").get(0);
    assertThat(field.path("field").asText()).isEqualTo("repository");
    assertThat(field.path("problem").asText())
        .contains(path)
        .contains("outside PRFLOW_REPO_ROOTS")
        .contains(root.toRealPath().toString());
  }

  private static HttpResponse<String> postValidation(String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + "/api/v1/validations"))
            .header("Content-Type", "application/json")
            .header("Authorization", TestApiKeys.bearer(apiKey))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String body, String idempotencyKey) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks"))
            .header("Content-Type", "application/json")
            .header("Authorization", TestApiKeys.bearer(apiKey))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (idempotencyKey != null) {
      b.header("Idempotency-Key", idempotencyKey);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", TestApiKeys.bearer(apiKey))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
