package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.github.GitHubStandIn;
import dev.prflow.activities.github.GitHubTestApi;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.store.AgentRunRow;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.api.ApiDependencies;
import dev.prflow.api.ApiServer;
import dev.prflow.workflows.model.TaskStatus;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task-to-PR with the {@code codegen} agent and the {@code github} host against two servers
 * scripted as the real APIs: the Codegen run goes created → running → complete with a PR url, then
 * GitHub serves the PR, its files and diff, and checks that turn green; the report is posted as a
 * comment and the commit status is set. In clone mode the PR is fetched from a {@code file://}
 * stand-in for github.com and tested and reviewed here instead.
 */
class GitHubCodegenIntegrationTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String REPO = "/repos/octo-org/hello-world";
  private static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
  private static final String BASE = "9a2ce2e8d6d4a4b6c4f0ba1a67e4cf8c2b53a0d1";
  private static final String TREE = "5b0f6c4c8ee0a2cf5fbd5f5e0e2e5f1ab3f8e7d2";
  private static final Map<String, String> BLOBS =
      Map.of(
          "fc0e356452bfd3a455b25e130525bd210950d1ce", "blob-README-md.json",
          "49237e1e5ca919183e15ceaabfd71acf79b8e179", "blob-pom-xml.json",
          "2dcb02f53051babe3e62d8a6de429490e01a82fa", "blob-Calculator-java.json");
  private static final String KEY = "cg-test-key-not-real-0001";
  private static final String TOKEN = "ghp_testTokenNotReal000000000000000000";

  @TempDir Path home;

  private final List<RecordedRequest> codegenRequests = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> githubRequests = new CopyOnWriteArrayList<>();
  private final AtomicInteger runPolls = new AtomicInteger();
  private final AtomicInteger checkPolls = new AtomicInteger();
  // The commits GitHub serves: the fixtures' own, or real ones of a file:// stand-in (clone mode).
  private volatile String headSha = HEAD;
  private volatile String baseSha = BASE;

  @Test
  void codegenOpensThePullRequestChecksGoGreenAndTheReportIsPublished() throws Exception {
    Finished done = runTask(Map.of(), true);

    JsonNode view = done.view();
    assertThat(view.path("status").asText()).as(view.toString()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(view.path("validation").path("verdict").asText()).isEqualTo("pass");
    assertThat(view.path("base_branch").asText()).isEqualTo("main");
    assertThat(githubRequests)
        .as("the default branch was asked of GitHub")
        .anyMatch(r -> r.getTarget().equals(REPO));
    assertThat(view.path("tests").path("command").asText()).isEqualTo("github-checks");
    assertThat(done.run().agent()).isEqualTo("codegen");
    assertThat(done.run().externalRunId()).isEqualTo("86753");
    assertThat(done.run().webUrl()).isEqualTo("https://codegen.com/agent/trace/86753");

    RecordedRequest start =
        codegenRequests.stream()
            .filter(r -> "POST".equals(r.getMethod()))
            .findFirst()
            .orElseThrow();
    assertThat(start.getTarget()).isEqualTo("/v1/organizations/1234/agent/run");
    assertThat(start.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    JsonNode body = JSON.readTree(start.getBody().utf8());
    assertThat(body.path("metadata").path("strategy").asText()).isEqualTo("initial");
    assertThat(body.path("repo_id").asLong()).as("the task's repository").isEqualTo(42L);
    assertThat(body.path("prompt").asText())
        .contains("Add a divide operation")
        .as("the codebase context read from GitHub at the base branch's commit")
        .contains("- Code read from: `main` at commit `" + BASE.substring(0, 12) + "`")
        .contains("3 files at `main`.")
        .contains("org.junit.jupiter:junit-jupiter:5.11.0 (test)")
        .contains("### `src/main/java/demo/Calculator.java`")
        .contains("public int subtract(int a, int b)");
    assertThat(runPolls.get()).isGreaterThanOrEqualTo(2);
    assertThat(checkPolls.get()).isGreaterThanOrEqualTo(2);

    RecordedRequest comment = posted(REPO + "/issues/42/comments");
    assertThat(comment.getBody().utf8()).contains("<!-- prflow-report -->").contains("pass");
    RecordedRequest status = posted(REPO + "/statuses/" + HEAD);
    JsonNode statusBody = JSON.readTree(status.getBody().utf8());
    assertThat(statusBody.path("state").asText()).isEqualTo("success");
    assertThat(statusBody.path("context").asText()).isEqualTo("prflow/validation");
    for (RecordedRequest r : githubRequests) {
      assertThat(r.getTarget()).doesNotContain(TOKEN);
      assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    }
  }

  @Test
  void inCloneModeThePullRequestIsFetchedTestedAndReviewedHere() throws Exception {
    // A file:// stand-in for github.com: the demo repository with pull request 42 on refs/pull.
    Path work = DemoRepository.create(home.resolve("upstream-work"));
    Git git = new Git(work);
    baseSha = git.resolve("HEAD").orElseThrow();
    git.run("checkout", "--quiet", "-b", "prflow/task-7-a1");
    Files.writeString(
        work.resolve("src/main/java/demo/Loader.java"), GitHubStandIn.EMPTY_CATCH_LOADER);
    git.run("add", "-A");
    git.run("commit", "--quiet", "-m", "Add a loader");
    headSha = git.resolve("HEAD").orElseThrow();
    GitHubStandIn upstream = new GitHubStandIn(home.resolve("upstream"));
    upstream.publishPullRequest(git, "octo-org/hello-world", "prflow/task-7-a1", 42);

    Finished done =
        runTask(
            Map.of("PRFLOW_GITHUB_TESTS", "clone", "GITHUB_GIT_URL", upstream.gitBaseUrl()), false);

    JsonNode view = done.view();
    assertThat(view.path("status").asText()).as(view.toString()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(view.path("tests").path("command").asText()).isEqualTo("sh run-tests.sh");
    assertThat(view.path("tests").path("status").asText()).isEqualTo("passed");
    assertThat(checkPolls.get()).as("clone mode does not look at GitHub's checks").isZero();
    assertThat(posted(REPO + "/issues/42/comments").getBody().utf8())
        .contains("EmptyCatchBlock")
        .contains("src/main/java/demo/Loader.java");
    JsonNode status = JSON.readTree(posted(REPO + "/statuses/" + headSha).getBody().utf8());
    assertThat(status.path("state").asText()).isEqualTo("success");
  }

  /** How a task ended: the API's task view and its agent run. */
  private record Finished(JsonNode view, AgentRunRow run) {}

  /**
   * Runs one task through the whole stack against the two scripted servers: in-memory Temporal, a
   * worker configured from {@code extraEnv}, the API, a fresh PostgreSQL.
   *
   * @param signalChecks send what the webhook sends once GitHub's checks were first looked at
   */
  private Finished runTask(Map<String, String> extraEnv, boolean signalChecks) throws Exception {
    try (MockWebServer codegen = new MockWebServer();
        MockWebServer github = new MockWebServer()) {
      codegen.setDispatcher(codegenApi());
      github.setDispatcher(githubApi());
      codegen.start();
      github.start();
      Map<String, String> env = new HashMap<>(extraEnv);
      env.put("PRFLOW_HOME", home.toString());
      env.put("PRFLOW_TASK_QUEUE", "github-codegen");
      env.put("CODEGEN_API_KEY", KEY);
      env.put("CODEGEN_ORG_ID", "1234");
      env.put("CODEGEN_API_URL", codegen.url("/").toString());
      env.put("GITHUB_TOKEN", TOKEN);
      env.put("GITHUB_API_URL", github.url("/").toString());
      // A poll this slow would outlast the test: the webhook's signal must wake it.
      env.put("PRFLOW_CHECKS_POLL", "10m");
      env.put("PRFLOW_SHUTDOWN_GRACE", "2s");
      PrflowConfig config = PrflowConfig.from(env);
      try (TemporalRuntime temporal = TemporalLauncher.startInMemory(0, "default");
          Database db = TestPostgres.freshDatabase();
          WorkerHost worker = new WorkerHost(temporal.client(), config, db).start()) {
        Javalin api =
            ApiServer.create(
                    new ApiDependencies(
                        db,
                        temporal.client(),
                        config.taskQueue(),
                        null,
                        GitHubClient.createInteractive(TOKEN, github.url("/").toString())))
                .start("127.0.0.1", 0);
        try {
          String base = "http://127.0.0.1:" + api.port();
          TaskApiCalls.authorize(base, db);
          long id = submit(base);
          Thread webhook =
              new Thread(
                  () -> {
                    // Polls gently, and gives up with the test's own deadline.
                    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
                    while (signalChecks && checkPolls.get() < 1 && System.nanoTime() < deadline) {
                      try {
                        Thread.sleep(20);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                    if (signalChecks && checkPolls.get() >= 1) {
                      // What POST /webhooks/github does for check_suite completed on PR 42.
                      Stack.signalChecksCompleted(
                          temporal.client(),
                          new TaskStore(db.jdbi()),
                          "octo-org",
                          "hello-world",
                          headSha,
                          List.of(42));
                    }
                  });
          webhook.setDaemon(true);
          webhook.start();
          JsonNode view = TaskApiCalls.awaitTerminal(base, id);
          webhook.join(5_000);
          return new Finished(view, new AgentRunStore(db.jdbi()).forTask(id).get(0));
        } finally {
          api.stop();
        }
      }
    }
  }

  private RecordedRequest posted(String path) {
    return githubRequests.stream()
        .filter(r -> "POST".equals(r.getMethod()) && r.getTarget().startsWith(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("nothing posted to " + path + ": " + targets()));
  }

  private List<String> targets() {
    return githubRequests.stream().map(r -> r.getMethod() + " " + r.getTarget()).toList();
  }

  private Dispatcher codegenApi() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        codegenRequests.add(request);
        String target = request.getTarget();
        if (target.startsWith("/v1/organizations/1234/agent/runs")) {
          return GitHubTestApi.json(
              200, "{\"items\":[],\"total\":0,\"page\":1,\"size\":100,\"pages\":0}");
        }
        if (target.startsWith("/v1/organizations/1234/repos?")) {
          return GitHubTestApi.json(
              200,
              "{\"items\":[{\"id\":31,\"name\":\"other\",\"full_name\":\"octo-org/other\"},"
                  + "{\"id\":42,\"name\":\"Hello-World\",\"full_name\":\"Octo-Org/Hello-World\"}],"
                  + "\"total\":2,\"page\":1,\"size\":100,\"pages\":1}");
        }
        if ("POST".equals(request.getMethod())
            && target.equals("/v1/organizations/1234/agent/run")) {
          return GitHubTestApi.json(200, run("ACTIVE", false));
        }
        if (target.equals("/v1/organizations/1234/agent/run/86753")) {
          return GitHubTestApi.json(
              200,
              run(runPolls.incrementAndGet() < 2 ? "RUNNING" : "COMPLETE", runPolls.get() >= 2));
        }
        return new MockResponse.Builder().code(404).body("{\"message\":\"no\"}").build();
      }
    };
  }

  private static String run(String status, boolean withPr) {
    return "{\"id\":86753,\"organization_id\":1234,\"status\":\""
        + status
        + "\",\"created_at\":\"2026-11-25T10:00:00\",\"web_url\":\"https://codegen.com/agent/trace/86753\","
        + "\"result\":null,\"source_type\":\"API\",\"github_pull_requests\":"
        + (withPr
            ? "[{\"id\":1,\"title\":\"Add divide\",\"url\":\"https://github.com/octo-org/hello-world/pull/42\","
                + "\"created_at\":\"2026-11-25T10:01:00\",\"head_branch_name\":\"prflow/task-7-a1\"}]"
            : "[]")
        + ",\"metadata\":{}}";
  }

  private Dispatcher githubApi() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        githubRequests.add(request);
        String target = request.getTarget();
        String method = request.getMethod();
        if (method.equals("GET") && target.equals(REPO)) {
          // The task names no base branch: the API asks for the repository's default branch.
          return GitHubTestApi.json(
              200, GitHubTestApi.fixture("repo.json").replace("\"trunk\"", "\"main\""));
        }
        // The prompt's codebase context: the base branch's commit, its tree and its files.
        if (method.equals("GET") && target.equals(REPO + "/branches/main")) {
          return GitHubTestApi.json(200, GitHubTestApi.fixture("branch-main.json"));
        }
        if (method.equals("GET") && target.equals(REPO + "/git/trees/" + TREE + "?recursive=1")) {
          return GitHubTestApi.json(200, GitHubTestApi.fixture("tree-recursive.json"));
        }
        if (method.equals("GET") && target.startsWith(REPO + "/git/blobs/")) {
          String blob = BLOBS.get(target.substring((REPO + "/git/blobs/").length()));
          if (blob != null) {
            return GitHubTestApi.json(200, GitHubTestApi.fixture(blob));
          }
        }
        if (method.equals("GET") && target.equals(REPO + "/pulls/42")) {
          return GitHubTestApi.json(
              200,
              GitHubTestApi.fixture("pull.json").replace(HEAD, headSha).replace(BASE, baseSha));
        }
        if (method.equals("GET") && target.startsWith(REPO + "/pulls/42/files")) {
          return GitHubTestApi.json(200, GitHubTestApi.fixture("files-page3.json"));
        }
        if (method.equals("GET") && target.startsWith(REPO + "/compare/")) {
          return new MockResponse.Builder()
              .code(200)
              .body(GitHubTestApi.fixture("compare.diff"))
              .build();
        }
        if (method.equals("GET")
            && target.startsWith(REPO + "/commits/" + headSha + "/check-runs")) {
          return GitHubTestApi.json(
              200,
              GitHubTestApi.fixture(
                  checkPolls.incrementAndGet() < 2
                      ? "check-runs-pending.json"
                      : "check-runs-green.json"));
        }
        if (method.equals("GET") && target.startsWith(REPO + "/commits/" + headSha + "/status")) {
          return GitHubTestApi.json(200, GitHubTestApi.fixture("status-success.json"));
        }
        if (method.equals("GET") && target.startsWith(REPO + "/issues/42/comments")) {
          return GitHubTestApi.json(200, "[]");
        }
        if (method.equals("POST") && target.startsWith(REPO + "/issues/42/comments")) {
          return GitHubTestApi.json(200, GitHubTestApi.fixture("comment-created.json"))
              .newBuilder()
              .code(201)
              .build();
        }
        if (method.equals("POST") && target.startsWith(REPO + "/statuses/")) {
          return GitHubTestApi.json(200, GitHubTestApi.fixture("status-created.json"))
              .newBuilder()
              .code(201)
              .build();
        }
        return new MockResponse.Builder()
            .code(404)
            .body(
                "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}")
            .build();
      }
    };
  }

  private static long submit(String base) throws Exception {
    String task =
        JSON.writeValueAsString(
            Map.of(
                "title", "Add a divide operation",
                "repository", "github:octo-org/hello-world",
                "max_attempts", 1));
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks"))
                .header("Content-Type", "application/json")
                .header("Authorization", TaskApiCalls.authorization(base))
                .POST(HttpRequest.BodyPublishers.ofString(task))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return JSON.readTree(r.body()).path("id").asLong();
  }
}
