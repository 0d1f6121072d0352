package dev.prflow.activities.github;

import static dev.prflow.activities.github.GitHubFixtures.BASE_SHA;
import static dev.prflow.activities.github.GitHubFixtures.HEAD_SHA;
import static dev.prflow.activities.github.GitHubFixtures.body;
import static dev.prflow.activities.github.GitHubFixtures.ok;
import static dev.prflow.activities.github.GitHubFixtures.resource;
import static dev.prflow.activities.github.GitHubFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.github.GitHubFixtures.RecordingSleeper;
import dev.prflow.activities.localgit.FileStat;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.TaskSpec;
import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubCodeHostTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String REPO_PATH = "/repos/octo-org/hello-world";
  private static final String BRANCH = "prflow/task-7-a1";

  private MockWebServer server;
  private GitHubClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    client = GitHubFixtures.client(server.url("/"), new RecordingSleeper());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static PullRequestRequest request() {
    TaskSpec task =
        new TaskSpec(
            7,
            "Add divide",
            "The calculator needs a divide operation.",
            List.of("divide two ints"),
            List.of("dividing by zero throws"),
            "medium",
            "small",
            "github:octo-org/hello-world",
            "main",
            "concise",
            null);
    AgentRunResult run =
        new AgentRunResult(
            "codegen",
            BRANCH,
            BASE_SHA,
            HEAD_SHA,
            List.of("src/main/java/demo/Calculator.java"),
            "Added Calculator.divide",
            false);
    return new PullRequestRequest(task, 1, run);
  }

  private static PullRequestRef ref() {
    GitHubRepository repo = GitHubRepository.parse("github:octo-org/hello-world");
    return new PullRequestRef(
        "github",
        repo.canonical(),
        repo.key(),
        42,
        "https://github.com/octo-org/hello-world/pull/42",
        "main",
        BRANCH,
        BASE_SHA,
        HEAD_SHA);
  }

  @Test
  void givenTheAgentsBranch_whenOpened_itShouldFindTheOpenPullRequestByHead() throws Exception {
    server.enqueue(ok("pulls-by-head.json"));

    PullRequestRef pr = new GitHubCodeHost(client).open(request());

    assertThat(pr).isEqualTo(ref());
    assertThat(pr.repoKey()).matches("octo-org-hello-world-[0-9a-f]{6}");
    assertThat(pr.validationWorkflowId()).startsWith("validate-github-octo-org-hello-world-");
    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo(REPO_PATH + "/pulls");
    assertThat(request.getUrl().queryParameter("head")).isEqualTo("octo-org:" + BRANCH);
    assertThat(request.getUrl().queryParameter("state")).isEqualTo("open");
  }

  @Test
  void givenNoPullRequestYet_whenOpened_itShouldFailRetryably() {
    server.enqueue(new MockResponse.Builder().code(200).body("[]").build());

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> new GitHubCodeHost(client).open(request()));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("no open pull request").contains(BRANCH);
  }

  @Test
  void givenALocator_whenOpened_itShouldReadThatPullRequest() throws Exception {
    GitHubCodeHost host = new GitHubCodeHost(client, r -> OptionalInt.of(42), "squash");
    server.enqueue(ok("pull.json"));

    assertThat(host.open(request())).isEqualTo(ref());
    assertThat(take(server).getTarget()).isEqualTo(REPO_PATH + "/pulls/42");
  }

  @Test
  void givenAPullRequest_itsDiffAndFileStatsShouldComeFromGitHub() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body(resource("compare.diff")).build());
    server.enqueue(ok("files-page3.json"));
    GitHubCodeHost host = new GitHubCodeHost(client);

    assertThat(host.diff(ref())).contains("public int divide");
    List<FileStat> stats = host.fileStats(ref());

    assertThat(take(server).getTarget())
        .isEqualTo(REPO_PATH + "/compare/" + BASE_SHA + "..." + HEAD_SHA);
    assertThat(stats)
        .containsExactly(
            new FileStat("assets/logo.png", 0, 0, true),
            new FileStat("src/main/java/demo/Ops.java", 0, 0, false),
            new FileStat("CHANGELOG.md", 3, 1, false));
  }

  @Test
  void givenAnUnmergedPullRequest_whenMerged_itShouldGuardOnTheValidatedHead() throws Exception {
    server.enqueue(ok("pull.json"));
    server.enqueue(ok("merge-ok.json"));

    String commit = new GitHubCodeHost(client, null, "squash").merge(ref());

    assertThat(commit).isEqualTo(new StringBuilder(HEAD_SHA).reverse().toString());
    take(server);
    RecordedRequest merge = take(server);
    JsonNode sent = MAPPER.readTree(body(merge));
    assertThat(sent.get("sha").asText()).isEqualTo(HEAD_SHA);
    assertThat(sent.get("merge_method").asText()).isEqualTo("squash");
  }

  @Test
  void givenAnAlreadyMergedPullRequest_whenMergedAgain_itShouldReturnTheMergeCommit() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(
                resource("pull.json")
                    .replace("\"state\": \"open\"", "\"state\": \"closed\"")
                    .replace("\"merged\": false", "\"merged\": true")
                    .replace("\"merged_at\": null", "\"merged_at\": \"2026-11-20T11:00:00Z\""))
            .build());

    String commit = new GitHubCodeHost(client).merge(ref());

    assertThat(commit).isEqualTo("e5bd3914e2e596debea16f433f57875b5b90bcd6");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aMergeRefusedBecauseALostFirstTryAlreadyMergedItReturnsThatMerge() {
    String merged =
        resource("pull.json")
            .replace("\"state\": \"open\"", "\"state\": \"closed\"")
            .replace("\"merged\": false", "\"merged\": true")
            .replace("\"merged_at\": null", "\"merged_at\": \"2026-11-20T11:00:00Z\"");
    server.enqueue(ok("pull.json"));
    server.enqueue(GitHubFixtures.json(405, "merge-405.json"));
    server.enqueue(new MockResponse.Builder().code(200).body(merged).build());

    String commit = new GitHubCodeHost(client).merge(ref());

    assertThat(commit).isEqualTo("e5bd3914e2e596debea16f433f57875b5b90bcd6");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void aMergeRefusedForAnOpenPullRequestStaysRefused() {
    server.enqueue(ok("pull.json"));
    server.enqueue(GitHubFixtures.json(405, "merge-405.json"));
    server.enqueue(ok("pull.json"));

    GitHubException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            GitHubException.class, () -> new GitHubCodeHost(client).merge(ref()));

    assertThat(e.status()).isEqualTo(405);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void givenAPullRequest_whenClosed_itShouldCommentAndClose() throws Exception {
    server.enqueue(ok("pull.json"));
    server.enqueue(GitHubFixtures.json(201, "comment-created.json"));
    server.enqueue(ok("pull.json"));

    new GitHubCodeHost(client).close(ref(), "superseded", "Superseded by attempt 2.");

    take(server);
    assertThat(take(server).getMethod()).isEqualTo("POST");
    RecordedRequest close = take(server);
    assertThat(close.getMethod()).isEqualTo("PATCH");
    assertThat(close.getTarget()).isEqualTo(REPO_PATH + "/pulls/42");
  }

  @Test
  void givenAVerdict_whenPublished_itShouldUpsertTheCommentAndSetTheStatus() throws Exception {
    server.enqueue(ok("comments-no-marker.json"));
    server.enqueue(GitHubFixtures.json(201, "comment-created.json"));
    server.enqueue(GitHubFixtures.json(201, "status-created.json"));

    new GitHubCodeHost(client)
        .publishReport(ref(), "## Report", "needs_changes", 63, "https://prflow.example/r/9");

    take(server);
    assertThat(MAPPER.readTree(body(take(server))).get("body").asText())
        .isEqualTo("<!-- prflow-report -->\n## Report");
    RecordedRequest status = take(server);
    assertThat(status.getTarget()).isEqualTo(REPO_PATH + "/statuses/" + HEAD_SHA);
    JsonNode sent = MAPPER.readTree(body(status));
    assertThat(sent.get("state").asText()).isEqualTo("failure");
    assertThat(sent.get("description").asText()).isEqualTo("prflow: needs_changes (63/100)");
    assertThat(sent.get("context").asText()).isEqualTo("prflow/validation");
  }

  @Test
  void verdictsShouldMapToCommitStates() {
    assertThat(GitHubCodeHost.statusState("pass")).isEqualTo("success");
    assertThat(GitHubCodeHost.statusState("needs_changes")).isEqualTo("failure");
    assertThat(GitHubCodeHost.statusState("fail")).isEqualTo("failure");
    assertThat(GitHubCodeHost.statusState("weird")).isEqualTo("error");
  }

  @Test
  void givenAGitHubEnterpriseUrl_theCodeHostShouldUseIt() throws Exception {
    HttpUrl ghe = server.url("/api/v3");
    server.enqueue(ok("pulls-by-head.json"));

    new GitHubCodeHost(GitHubFixtures.client(ghe, new RecordingSleeper())).open(request());

    assertThat(take(server).getUrl().encodedPath()).isEqualTo("/api/v3" + REPO_PATH + "/pulls");
  }
}
