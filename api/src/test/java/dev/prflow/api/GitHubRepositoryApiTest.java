package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.github.GitHubTestApi;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestApiKeys;
import dev.prflow.activities.store.TestPostgres;
import io.javalin.Javalin;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.testing.TestWorkflowEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API on {@code github:} repositories, over real HTTP, with GitHub a mockwebserver3 scripted
 * with GitHub's answers: a task asks for the default or the requested branch, a standalone
 * validation reads the pull request and starts its PrValidation workflow.
 */
class GitHubRepositoryApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String TOKEN = "ghp_submissionLookupToken0000000000000000";
  private static final String NOT_FOUND =
      "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest/repos/repos#get-a-repository\",\"status\":\"404\"}";

  private static TestWorkflowEnvironment temporal;
  private static Database db;
  private static MockWebServer github;
  private static Javalin app;
  private static String base;
  private static String apiKey;

  @BeforeAll
  static void start() throws IOException {
    temporal = TestWorkflowEnvironment.newInstance();
    for (String keyword : List.of("TaskStatus", "Repository", "Priority")) {
      temporal.registerSearchAttribute(keyword, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    temporal.registerSearchAttribute("Attempt", IndexedValueType.INDEXED_VALUE_TYPE_INT);
    db = TestPostgres.freshDatabase();
    github = new MockWebServer();
    github.start();
    GitHubClient client = GitHubTestApi.client(github.url("/"), TOKEN);
    app =
        ApiServer.create(
                new ApiDependencies(db, temporal.getWorkflowClient(), "gh-submit", null, client))
            .start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
    apiKey = TestApiKeys.admin(db);
  }

  @AfterAll
  static void stop() {
    app.stop();
    github.close();
    temporal.close();
    db.close();
  }

  @BeforeEach
  @AfterEach
  void drainRequests() throws InterruptedException {
    while (github.takeRequest(10, TimeUnit.MILLISECONDS) != null) {
      // requests left over from another test
    }
  }

  @Test
  void withoutABaseBranchTheRepositorysDefaultBranchIsUsed() throws Exception {
    github.enqueue(GitHubTestApi.json(200, GitHubTestApi.fixture("repo.json")));

    HttpResponse<String> r =
        post("{\"title\":\"Add divide\",\"repository\":\"github:octo-org/hello-world\"}", null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(JSON.readTree(r.body()).path("base_branch").asText()).isEqualTo("trunk");
    RecordedRequest asked = github.takeRequest(5, TimeUnit.SECONDS);
    assertThat(asked.getTarget()).isEqualTo("/repos/octo-org/hello-world");
    assertThat(asked.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
  }

  @Test
  void aRequestedBranchThatExistsIsKept() throws Exception {
    github.enqueue(GitHubTestApi.json(200, GitHubTestApi.fixture("branch.json")));

    HttpResponse<String> r =
        post(
            "{\"title\":\"Backport\",\"repository\":\"github:octo-org/hello-world\","
                + "\"base_branch\":\"release/2.x\"}",
            null);

    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    assertThat(JSON.readTree(r.body()).path("base_branch").asText()).isEqualTo("release/2.x");
    assertThat(github.takeRequest(5, TimeUnit.SECONDS).getTarget())
        .isEqualTo("/repos/octo-org/hello-world/branches/release/2.x");
  }

  @Test
  void aBaseBranchGitHubDoesNotHaveIsNotFound() throws Exception {
    github.enqueue(GitHubTestApi.json(404, NOT_FOUND));

    HttpResponse<String> r =
        post(
            "{\"title\":\"x\",\"repository\":\"github:octo-org/hello-world\","
                + "\"base_branch\":\"no-such-branch\"}",
            null);

    assertThat(r.statusCode()).isEqualTo(404);
    JsonNode field = JSON.readTree(r.body()).path("error").path("fields").get(0);
    assertThat(field.path("field").asText()).isEqualTo("base_branch");
    assertThat(field.path("problem").asText()).contains("no-such-branch");
  }

  @Test
  void rejectsARepositoryGitHubDoesNotShow() throws Exception {
    github.enqueue(GitHubTestApi.json(404, NOT_FOUND));
    long before = count();

    HttpResponse<String> r =
        post("{\"title\":\"x\",\"repository\":\"github:octo-org/ghost\"}", null);

    assertThat(r.statusCode()).isEqualTo(400);
    JsonNode field = JSON.readTree(r.body()).path("error").path("fields").get(0);
    assertThat(field.path("field").asText()).isEqualTo("repository");
    assertThat(field.path("problem").asText()).contains("octo-org/ghost");
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void answers503WhenGitHubIsDownAndStoresNothing() throws Exception {
    github.enqueue(GitHubTestApi.json(502, "{\"message\":\"Server Error\"}"));
    github.enqueue(GitHubTestApi.json(502, "{\"message\":\"Server Error\"}"));
    long before = count();

    HttpResponse<String> r =
        post("{\"title\":\"x\",\"repository\":\"github:octo-org/hello-world\"}", "gh-down-1");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Retry-After")).contains("10");
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("unavailable");
    assertThat(error.path("message").asText())
        .contains("octo-org/hello-world")
        .doesNotContain(TOKEN);
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void aTokenGitHubRefusesIs502NotARetryLater() throws Exception {
    github.enqueue(GitHubTestApi.json(401, "{\"message\":\"Bad credentials\",\"status\":\"401\"}"));
    long before = count();

    HttpResponse<String> r =
        post("{\"title\":\"x\",\"repository\":\"github:octo-org/hello-world\"}", null);

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("Retry-After")).isEmpty();
    JsonNode error = JSON.readTree(r.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("upstream_refused");
    assertThat(error.path("message").asText()).contains("Bad credentials").doesNotContain(TOKEN);
    assertThat(count()).isEqualTo(before);
  }

  @Test
  void aReplayedRequestIsAnsweredWithoutAskingGitHubAgain() throws Exception {
    github.enqueue(GitHubTestApi.json(200, GitHubTestApi.fixture("repo.json")));
    String task = "{\"title\":\"Once\",\"repository\":\"github:octo-org/hello-world\"}";
    HttpResponse<String> first = post(task, "gh-once");
    github.takeRequest(5, TimeUnit.SECONDS);

    HttpResponse<String> second = post(task, "gh-once");

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(second.body()).path("id").asLong())
        .isEqualTo(JSON.readTree(first.body()).path("id").asLong());
    assertThat(github.takeRequest(200, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void aGitHubPullRequestIsValidatedByNumber() throws Exception {
    github.enqueue(GitHubTestApi.json(200, pullAt(HEAD)));

    HttpResponse<String> r =
        postTo(
            "/api/v1/validations",
            "{\"repository\":\"github:octo-org/hello-world\",\"pr_number\":42}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    JsonNode body = JSON.readTree(r.body());
    String workflowId = body.path("workflow_id").asText();
    assertThat(workflowId).startsWith("validate-github-").endsWith("-42-" + HEAD.substring(0, 7));
    assertThat(body.path("pull_request").path("head_sha").asText()).isEqualTo(HEAD);
    assertThat(body.path("pull_request").path("base_branch").asText()).isEqualTo("main");
    assertThat(github.takeRequest(5, TimeUnit.SECONDS).getTarget())
        .isEqualTo("/repos/octo-org/hello-world/pulls/42");
    assertThat(
            temporal
                .getWorkflowClient()
                .newUntypedWorkflowStub(workflowId)
                .describe()
                .getWorkflowType())
        .isEqualTo("PrValidation");

    github.enqueue(GitHubTestApi.json(200, pullAt(HEAD)));
    HttpResponse<String> again =
        postTo(
            "/api/v1/validations",
            "{\"repository\":\"github:octo-org/hello-world\",\"pr_number\":42}");
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(again.body()).path("workflow_id").asText()).isEqualTo(workflowId);
  }

  @Test
  void aGitHubPullRequestIsFoundByItsHeadBranch() throws Exception {
    github.enqueue(GitHubTestApi.json(200, GitHubTestApi.fixture("pulls-by-head.json")));

    HttpResponse<String> r =
        postTo(
            "/api/v1/validations",
            "{\"repository\":\"github:octo-org/hello-world\",\"head_branch\":\"prflow/task-7-a1\"}");

    assertThat(r.statusCode()).as(r.body()).isIn(200, 202);
    assertThat(github.takeRequest(5, TimeUnit.SECONDS).getTarget())
        .startsWith("/repos/octo-org/hello-world/pulls?")
        .contains("head=octo-org%3Aprflow%2Ftask-7-a1")
        .contains("state=open");
  }

  @Test
  void aGitHubPullRequestThatDoesNotExistIs404() throws Exception {
    github.enqueue(GitHubTestApi.json(404, NOT_FOUND));

    HttpResponse<String> r =
        postTo(
            "/api/v1/validations",
            "{\"repository\":\"github:octo-org/hello-world\",\"pr_number\":999}");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).path("error").path("message").asText())
        .contains("no pull request #999 in octo-org/hello-world");
  }

  @Test
  void aBaseBranchThatIsNotThePullRequestsIs400() throws Exception {
    github.enqueue(GitHubTestApi.json(200, GitHubTestApi.fixture("pull.json")));

    HttpResponse<String> r =
        postTo(
            "/api/v1/validations",
            "{\"repository\":\"github:octo-org/hello-world\",\"pr_number\":42,\"base_branch\":\"develop\"}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("error").path("fields").get(0).path("field").asText())
        .isEqualTo("base_branch");
  }

  /** A head commit no other test validates, so this test starts its own workflow. */
  private static final String HEAD = "c0ffee5b57875f334f61aebed695e2e4193db5e1";

  private static String pullAt(String head) {
    return GitHubTestApi.fixture("pull.json")
        .replace("6dcb09b5b57875f334f61aebed695e2e4193db5e", head);
  }

  private static long count() {
    return new TaskStore(db.jdbi()).list(null, null, 100).size();
  }

  private static HttpResponse<String> postTo(String path, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Content-Type", "application/json")
            .header("Authorization", TestApiKeys.bearer(apiKey))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String body, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks"))
            .header("Content-Type", "application/json")
            .header("Authorization", TestApiKeys.bearer(apiKey))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
