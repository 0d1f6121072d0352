package dev.prflow.activities.github;

import static dev.prflow.activities.github.GitHubFixtures.HEAD_SHA;
import static dev.prflow.activities.github.GitHubFixtures.NOW;
import static dev.prflow.activities.github.GitHubFixtures.TOKEN;
import static dev.prflow.activities.github.GitHubFixtures.body;
import static dev.prflow.activities.github.GitHubFixtures.ok;
import static dev.prflow.activities.github.GitHubFixtures.okWithNext;
import static dev.prflow.activities.github.GitHubFixtures.resource;
import static dev.prflow.activities.github.GitHubFixtures.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.github.GitHubFixtures.RecordingSleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GitHubClientTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String REPO_PATH = "/repos/octo-org/hello-world";

  private MockWebServer server;
  private RecordingSleeper sleeper;
  private GitHubClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    sleeper = new RecordingSleeper();
    client = GitHubFixtures.client(server.url("/"), sleeper);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void givenAnOpenPullRequest_whenRead_itShouldReturnHeadBaseAndState() throws Exception {
    server.enqueue(ok("pull.json"));

    PullRequest pr = client.getPullRequest("octo-org", "hello-world", 42);

    assertThat(pr.number()).isEqualTo(42);
    assertThat(pr.state()).isEqualTo("open");
    assertThat(pr.open()).isTrue();
    assertThat(pr.merged()).isFalse();
    assertThat(pr.mergeable()).isTrue();
    assertThat(pr.htmlUrl()).isEqualTo("https://github.com/octo-org/hello-world/pull/42");
    assertThat(pr.headRef()).isEqualTo("prflow/task-7-a1");
    assertThat(pr.headSha()).isEqualTo(HEAD_SHA);
    assertThat(pr.headRepository()).isEqualTo("octo-org/hello-world");
    assertThat(pr.baseRef()).isEqualTo("main");
    assertThat(pr.baseSha()).isEqualTo(GitHubFixtures.BASE_SHA);
    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo(REPO_PATH + "/pulls/42");
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/vnd.github+json");
  }

  @Test
  void givenMergeabilityStillComputing_whenRead_itShouldReportUnknown() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(resource("pull.json").replace("\"mergeable\": true", "\"mergeable\": null"))
            .build());

    assertThat(client.getPullRequest("octo-org", "hello-world", 42).mergeable()).isNull();
  }

  @Test
  void givenThreePagesOfFiles_whenListed_itShouldFollowLinkHeadersToTheEnd() throws Exception {
    HttpUrl page2 = server.url(REPO_PATH + "/pulls/42/files?per_page=100&page=2");
    HttpUrl page3 = server.url(REPO_PATH + "/pulls/42/files?per_page=100&page=3");
    server.enqueue(okWithNext("files-page1.json", page2, page3));
    server.enqueue(okWithNext("files-page2.json", page3, page3));
    server.enqueue(
        new MockResponse.Builder(ok("files-page3.json"))
            .addHeader(
                "Link",
                "<"
                    + server.url(REPO_PATH + "/pulls/42/files?per_page=100&page=2")
                    + ">;"
                    + " rel=\"prev\", <"
                    + server.url(REPO_PATH + "/pulls/42/files?per_page=100&page=1")
                    + ">; rel=\"first\"")
            .build());

    List<PullRequestFile> files = client.listFiles("octo-org", "hello-world", 42);

    assertThat(files).hasSize(203);
    assertThat(files.get(0).filename()).isEqualTo("src/main/java/demo/Calculator.java");
    assertThat(files.get(0).additions()).isEqualTo(12);
    assertThat(files.get(0).deletions()).isEqualTo(2);
    assertThat(files.get(0).changes()).isEqualTo(14);
    assertThat(files.get(0).patch()).startsWith("@@ -1,3 +1,5 @@");
    PullRequestFile logo = files.get(200);
    assertThat(logo.filename()).isEqualTo("assets/logo.png");
    assertThat(logo.status()).isEqualTo("added");
    assertThat(logo.patch()).isNull();
    PullRequestFile renamed = files.get(201);
    assertThat(renamed.status()).isEqualTo("renamed");
    assertThat(renamed.previousFilename()).isEqualTo("src/main/java/demo/Operations.java");
    assertThat(take(server).getTarget()).isEqualTo(REPO_PATH + "/pulls/42/files?per_page=100");
    assertThat(take(server).getTarget())
        .isEqualTo(REPO_PATH + "/pulls/42/files?per_page=100&page=2");
    assertThat(take(server).getTarget())
        .isEqualTo(REPO_PATH + "/pulls/42/files?per_page=100&page=3");
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void givenALinkToAnotherHost_whenPaginating_itShouldRefuseToSendTheTokenThere() {
    server.enqueue(
        new MockResponse.Builder(ok("files-page1.json"))
            .addHeader("Link", "<https://evil.example/steal?page=2>; rel=\"next\"")
            .build());

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> client.listFiles("octo-org", "hello-world", 42));

    assertThat(e.getMessage()).contains("pagination link").doesNotContain(TOKEN);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenTwoCommits_whenCompared_itShouldAskForTheDiffMediaType() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/vnd.github.diff; charset=utf-8")
            .body(resource("compare.diff"))
            .build());

    String diff = client.compareDiff("octo-org", "hello-world", GitHubFixtures.BASE_SHA, HEAD_SHA);

    assertThat(diff).startsWith("diff --git a/src/main/java/demo/Calculator.java");
    assertThat(diff).contains("+  public int divide(int a, int b) {");
    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget())
        .isEqualTo(REPO_PATH + "/compare/" + GitHubFixtures.BASE_SHA + "..." + HEAD_SHA);
    assertThat(request.getHeaders().get("Accept")).isEqualTo("application/vnd.github.diff");
  }

  @Test
  void givenRunsInProgress_thenAllGreen_itShouldGoFromPendingToCompleteSuccess() throws Exception {
    server.enqueue(ok("check-runs-pending.json"));
    server.enqueue(ok("status-none.json"));
    server.enqueue(ok("check-runs-green.json"));
    server.enqueue(ok("status-none.json"));

    ChecksSummary first = client.checks("octo-org", "hello-world", HEAD_SHA);
    ChecksSummary second = client.checks("octo-org", "hello-world", HEAD_SHA);

    assertThat(first.complete()).isFalse();
    assertThat(first.success()).isFalse();
    assertThat(first.failed()).isFalse();
    assertThat(first.items()).extracting(CheckItem::name).contains("build (17)", "lint", "codeql");
    assertThat(first.items()).filteredOn(CheckItem::pending).hasSize(2);
    assertThat(second.complete()).isTrue();
    assertThat(second.success()).isTrue();
    assertThat(second.items())
        .extracting(CheckItem::outcome)
        .containsExactly("success", "success", "neutral", "neutral");
    assertThat(take(server).getTarget())
        .isEqualTo(REPO_PATH + "/commits/" + HEAD_SHA + "/check-runs?per_page=100");
    assertThat(take(server).getTarget())
        .isEqualTo(REPO_PATH + "/commits/" + HEAD_SHA + "/status?per_page=100");
  }

  @Test
  void givenAFailedAndATimedOutRun_whenChecked_itShouldReportFailure() {
    server.enqueue(ok("check-runs-failed.json"));
    server.enqueue(ok("status-none.json"));

    ChecksSummary checks = client.checks("octo-org", "hello-world", HEAD_SHA);

    assertThat(checks.complete()).isTrue();
    assertThat(checks.success()).isFalse();
    assertThat(checks.failed()).isTrue();
    assertThat(checks.items())
        .filteredOn(CheckItem::failed)
        .extracting(CheckItem::name, CheckItem::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("lint", "failure"),
            org.assertj.core.groups.Tuple.tuple("codeql", "timed_out"));
  }

  @Test
  void givenCombinedStatuses_whenChecked_itShouldCountThemButNotPrflowsOwn() {
    server.enqueue(ok("check-runs-green.json"));
    server.enqueue(ok("status-success.json"));
    server.enqueue(ok("check-runs-green.json"));
    server.enqueue(ok("status-failure.json"));
    server.enqueue(ok("check-runs-green.json"));
    server.enqueue(ok("status-pending.json"));

    ChecksSummary success = client.checks("octo-org", "hello-world", HEAD_SHA);
    ChecksSummary failure = client.checks("octo-org", "hello-world", HEAD_SHA);
    ChecksSummary pending = client.checks("octo-org", "hello-world", HEAD_SHA);

    assertThat(success.success()).isTrue();
    assertThat(success.items())
        .filteredOn(i -> i.source().equals(CheckItem.STATUS))
        .extracting(CheckItem::name)
        .containsExactly("ci/jenkins");
    assertThat(failure.complete()).isTrue();
    assertThat(failure.success()).isFalse();
    assertThat(failure.items())
        .filteredOn(CheckItem::failed)
        .extracting(CheckItem::name, CheckItem::detail, CheckItem::url)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "coverage/codecov", "error", "https://ci.example.com/build/3"));
    assertThat(pending.complete()).isFalse();
    assertThat(pending.success()).isFalse();
  }

  @Test
  void givenNoReportYet_whenUpserted_itShouldCreateTheComment() throws Exception {
    server.enqueue(ok("comments-no-marker.json"));
    server.enqueue(GitHubFixtures.json(201, "comment-created.json"));

    client.upsertReportComment("octo-org", "hello-world", 42, "## prflow validation\n\nPASS");

    RecordedRequest list = take(server);
    assertThat(list.getMethod()).isEqualTo("GET");
    assertThat(list.getTarget()).isEqualTo(REPO_PATH + "/issues/42/comments?per_page=100");
    RecordedRequest create = take(server);
    assertThat(create.getMethod()).isEqualTo("POST");
    assertThat(create.getTarget()).isEqualTo(REPO_PATH + "/issues/42/comments");
    assertThat(create.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode sent = MAPPER.readTree(body(create));
    assertThat(sent.get("body").asText())
        .isEqualTo("<!-- prflow-report -->\n## prflow validation\n\nPASS");
  }

  @Test
  void givenTheReportOnPageTwo_whenUpsertedAgain_itShouldPatchItInPlace() throws Exception {
    HttpUrl page2 = server.url(REPO_PATH + "/issues/42/comments?per_page=100&page=2");
    server.enqueue(okWithNext("comments-page1.json", page2, page2));
    server.enqueue(ok("comments-page2.json"));
    server.enqueue(ok("comment-created.json"));

    String report = "<!-- prflow-report -->\n## prflow validation\n\nVerdict: **pass** (91/100)";
    client.upsertReportComment("octo-org", "hello-world", 42, report);

    take(server);
    assertThat(take(server).getTarget())
        .isEqualTo(REPO_PATH + "/issues/42/comments?per_page=100&page=2");
    RecordedRequest patch = take(server);
    assertThat(patch.getMethod()).isEqualTo("PATCH");
    assertThat(patch.getTarget()).isEqualTo(REPO_PATH + "/issues/comments/1100000102");
    assertThat(MAPPER.readTree(body(patch)).get("body").asText()).isEqualTo(report);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void givenAVerdict_whenStatusSet_itShouldPostItUnderPrflowsContext() throws Exception {
    server.enqueue(GitHubFixtures.json(201, "status-created.json"));

    client.setCommitStatus(
        "octo-org",
        "hello-world",
        HEAD_SHA,
        "success",
        "prflow: pass (91/100) " + "x".repeat(200),
        "https://prflow.example/reports/17");

    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getTarget()).isEqualTo(REPO_PATH + "/statuses/" + HEAD_SHA);
    JsonNode sent = MAPPER.readTree(body(request));
    assertThat(sent.get("state").asText()).isEqualTo("success");
    assertThat(sent.get("context").asText()).isEqualTo("prflow/validation");
    assertThat(sent.get("target_url").asText()).isEqualTo("https://prflow.example/reports/17");
    assertThat(sent.get("description").asText()).startsWith("prflow: pass (91/100)").hasSize(140);
  }

  @Test
  void givenAnUnknownState_whenStatusSet_itShouldRefuseBeforeCallingGitHub() {
    assertThatThrownBy(
            () -> client.setCommitStatus("octo-org", "hello-world", HEAD_SHA, "ok", "d", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void givenAnOpenPullRequest_whenClosed_itShouldCommentThenPatchStateClosed() throws Exception {
    server.enqueue(ok("pull.json"));
    server.enqueue(GitHubFixtures.json(201, "comment-created.json"));
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(resource("pull.json").replace("\"state\": \"open\"", "\"state\": \"closed\""))
            .build());

    client.closePullRequest("octo-org", "hello-world", 42, "Superseded by #43.");

    assertThat(take(server).getMethod()).isEqualTo("GET");
    RecordedRequest comment = take(server);
    assertThat(comment.getMethod()).isEqualTo("POST");
    assertThat(comment.getTarget()).isEqualTo(REPO_PATH + "/issues/42/comments");
    assertThat(MAPPER.readTree(body(comment)).get("body").asText()).isEqualTo("Superseded by #43.");
    RecordedRequest close = take(server);
    assertThat(close.getMethod()).isEqualTo("PATCH");
    assertThat(close.getTarget()).isEqualTo(REPO_PATH + "/pulls/42");
    assertThat(MAPPER.readTree(body(close)).get("state").asText()).isEqualTo("closed");
  }

  @Test
  void givenAnAlreadyClosedPullRequest_whenClosedAgain_itShouldNotCommentTwice() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(resource("pull.json").replace("\"state\": \"open\"", "\"state\": \"closed\""))
            .build());

    client.closePullRequest("octo-org", "hello-world", 42, "Superseded by #43.");

    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenAMergeablePullRequest_whenMerged_itShouldSendTheShaGuardAndReturnTheCommit()
      throws Exception {
    server.enqueue(ok("merge-ok.json"));

    String sha = client.merge("octo-org", "hello-world", 42, HEAD_SHA, "squash");

    assertThat(sha).isEqualTo(new StringBuilder(HEAD_SHA).reverse().toString());
    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("PUT");
    assertThat(request.getTarget()).isEqualTo(REPO_PATH + "/pulls/42/merge");
    JsonNode sent = MAPPER.readTree(body(request));
    assertThat(sent.get("sha").asText()).isEqualTo(HEAD_SHA);
    assertThat(sent.get("merge_method").asText()).isEqualTo("squash");
  }

  @Test
  void givenANotMergeablePullRequest_whenMerged_itShouldFailWithoutRetry() {
    server.enqueue(GitHubFixtures.json(405, "merge-405.json"));

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class,
            () -> client.merge("octo-org", "hello-world", 42, HEAD_SHA, "merge"));

    assertThat(e.status()).isEqualTo(405);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("octo-org/hello-world#42 cannot be merged")
        .contains("Pull Request is not mergeable")
        .doesNotContain(TOKEN);
    assertThat(e.toApplicationFailure().isNonRetryable()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenTheHeadMoved_whenMerged_itShouldFailWithoutRetry() {
    server.enqueue(
        new MockResponse.Builder()
            .code(409)
            .body(
                "{\"message\":\"Head branch was modified. Review and try the merge again.\","
                    + "\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#merge-a-pull-request\","
                    + "\"status\":\"409\"}")
            .build());

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class,
            () -> client.merge("octo-org", "hello-world", 42, HEAD_SHA, "merge"));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("head is no longer 6dcb09b").contains("Head branch was");
  }

  @Test
  void givenThePrimaryLimitSpent_whenCalled_itShouldWaitUntilResetThenRetry() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .addHeader("X-RateLimit-Limit", "5000")
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Used", "5000")
            .addHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 120))
            .addHeader("X-RateLimit-Resource", "core")
            .body(resource("rate-limited.json"))
            .build());
    server.enqueue(ok("pull.json"));

    PullRequest pr = client.getPullRequest("octo-org", "hello-world", 42);

    assertThat(pr.number()).isEqualTo(42);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(121));
    take(server);
    assertThat(take(server).getTarget()).isEqualTo(REPO_PATH + "/pulls/42");
  }

  @Test
  void anAnswerThatSpentTheWindowsLastRequestMakesTheNextCallWaitInsteadOfSpendingA403()
      throws Exception {
    server.enqueue(
        new MockResponse.Builder(ok("pull.json"))
            .setHeader("X-RateLimit-Remaining", "0")
            .setHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 30))
            .build());
    server.enqueue(ok("pull.json"));

    client.getPullRequest("octo-org", "hello-world", 42);
    PullRequest second = client.getPullRequest("octo-org", "hello-world", 42);

    assertThat(second.number()).isEqualTo(42);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(31));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void aSpentWindowThatReopensTooLateFailsTheNextCallRetryablyWithoutSendingIt() {
    server.enqueue(
        new MockResponse.Builder(ok("pull.json"))
            .setHeader("X-RateLimit-Remaining", "0")
            .setHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 3600))
            .build());
    client.getPullRequest("octo-org", "hello-world", 42);

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> client.getPullRequest("octo-org", "hello-world", 42));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("rate limit is spent until").doesNotContain(TOKEN);
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void insideAnActivityALimitLongerThan20SecondsFailsRetryablyForTemporalToRetry() {
    GitHubClient inActivity =
        new GitHubClient(
            new okhttp3.OkHttpClient(),
            server.url("/"),
            TOKEN,
            sleeper,
            java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC),
            GitHubClient.Limits.IN_ACTIVITY);
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 120))
            .body(resource("rate-limited.json"))
            .build());

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> inActivity.getPullRequest("octo-org", "hello-world", 42));

    assertThat(e.retryable()).isTrue();
    assertThat(sleeper.waits).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenAResetTooFarAway_whenCalled_itShouldFailRetryablyInsteadOfBlocking() {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("X-RateLimit-Remaining", "0")
            .addHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 3600))
            .body(resource("rate-limited.json"))
            .build());

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> client.getPullRequest("octo-org", "hello-world", 42));

    assertThat(e.retryable()).isTrue();
    assertThat(e.status()).isEqualTo(429);
    assertThat(e.getMessage()).contains("API rate limit exceeded").doesNotContain(TOKEN);
    assertThat(sleeper.waits).isEmpty();
    assertThat(e.toApplicationFailure().isNonRetryable()).isFalse();
  }

  @Test
  void givenASecondaryLimit_whenCalled_itShouldHonourRetryAfter() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .addHeader("Retry-After", "37")
            .addHeader("X-RateLimit-Remaining", "4211")
            .body(resource("secondary-limited.json"))
            .build());
    server.enqueue(ok("pull.json"));

    client.getPullRequest("octo-org", "hello-world", 42);

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(37));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void givenASecondaryLimitWithoutHeaders_whenCalled_itShouldWaitAMinuteAndMore() {
    MockResponse limited =
        new MockResponse.Builder().code(403).body(resource("secondary-limited.json")).build();
    for (int i = 0; i < 4; i++) {
      server.enqueue(limited);
    }

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> client.getPullRequest("octo-org", "hello-world", 42));

    assertThat(e.retryable()).isTrue();
    assertThat(sleeper.waits)
        .containsExactly(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240));
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void givenABadGateway_whenCalled_itShouldBackOffAndRetry() throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(502)
            .addHeader("Content-Type", "text/html")
            .body("<html><body><h1>502 Bad Gateway</h1></body></html>")
            .build());
    server.enqueue(ok("pull.json"));

    assertThat(client.getPullRequest("octo-org", "hello-world", 42).number()).isEqualTo(42);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void givenServerErrorsThatPersist_whenCalled_itShouldGiveUpRetryably() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().code(503).body("{\"message\":\"busy\"}").build());
    }

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> client.getPullRequest("octo-org", "hello-world", 42));

    assertThat(e.retryable()).isTrue();
    assertThat(e.status()).isEqualTo(503);
    assertThat(sleeper.waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void givenA502OnCommentCreation_whenUpserted_itShouldNotPostTwice() {
    server.enqueue(ok("comments-no-marker.json"));
    server.enqueue(new MockResponse.Builder().code(502).body("Bad Gateway").build());

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class,
            () -> client.upsertReportComment("octo-org", "hello-world", 42, "report"));

    assertThat(e.retryable()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void givenAMissingPullRequest_whenRead_itShouldFailWithoutRetryAndSayWhy() {
    server.enqueue(GitHubFixtures.json(404, "not-found.json"));

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> client.getPullRequest("octo-org", "hello-world", 4242));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .isEqualTo("GitHub GET " + REPO_PATH + "/pulls/4242 returned 404: Not Found");
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void givenAPermissionError_whenCalled_itShouldNotMistakeItForARateLimit() {
    server.enqueue(
        new MockResponse.Builder()
            .code(403)
            .addHeader("X-RateLimit-Remaining", "4990")
            .body(
                "{\"message\":\"Resource not accessible by personal access token\","
                    + "\"documentation_url\":\"https://docs.github.com/rest/commits/statuses\","
                    + "\"status\":\"403\"}")
            .build());

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class,
            () ->
                client.setCommitStatus(
                    "octo-org", "hello-world", HEAD_SHA, "pending", "running", null));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("Resource not accessible by personal access token");
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void givenAValidationError_whenCalled_itShouldIncludeGitHubsDetail() {
    server.enqueue(
        new MockResponse.Builder()
            .code(422)
            .body(
                "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Status\","
                    + "\"code\":\"custom\",\"field\":\"target_url\","
                    + "\"message\":\"target_url is not a valid URL\"}],"
                    + "\"documentation_url\":\"https://docs.github.com/rest/commits/statuses\","
                    + "\"status\":\"422\"}")
            .build());

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class,
            () ->
                client.setCommitStatus(
                    "octo-org", "hello-world", HEAD_SHA, "failure", "nope", "not a url"));

    assertThat(e.getMessage()).contains("Validation Failed (target_url is not a valid URL)");
  }

  @Test
  void givenMalformedJson_whenRead_itShouldFailClearly() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "text/html")
            .body("<!DOCTYPE html><html><head><title>Sign in</title></head></html>")
            .build());

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> client.getPullRequest("octo-org", "hello-world", 42));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("GET " + REPO_PATH + "/pulls/42 returned malformed JSON")
        .contains("GITHUB_API_URL")
        .doesNotContain(TOKEN);
  }

  @Test
  void givenJsonOfTheWrongShape_whenRead_itShouldFailClearly() {
    server.enqueue(new MockResponse.Builder().code(200).body("{\"number\": 42}").build());
    server.enqueue(new MockResponse.Builder().code(200).body("{\"total_count\": 0}").build());

    assertThatThrownBy(() -> client.getPullRequest("octo-org", "hello-world", 42))
        .isInstanceOf(GitHubException.class)
        .hasMessageContaining("without \"state\"");
    assertThatThrownBy(() -> client.checks("octo-org", "hello-world", HEAD_SHA))
        .isInstanceOf(GitHubException.class)
        .hasMessageContaining("without \"check_runs\"");
  }

  @Test
  void givenEveryKindOfError_itsMessageShouldNeverCarryTheToken() {
    // A server that echoes the Authorization header back, the worst case.
    String echoed = "{\"message\":\"Bad credentials: Bearer " + TOKEN + "\"}";
    server.enqueue(new MockResponse.Builder().code(401).body(echoed).build());
    server.enqueue(new MockResponse.Builder().code(200).body(TOKEN + " is not json").build());
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().code(500).body(echoed).build());
    }
    server.enqueue(new MockResponse.Builder().code(422).body(echoed).build());

    List<Runnable> calls =
        List.of(
            () -> client.getPullRequest("octo-org", "hello-world", 1),
            () -> client.getPullRequest("octo-org", "hello-world", 2),
            () -> client.compareDiff("octo-org", "hello-world", "main", "topic"),
            () -> client.merge("octo-org", "hello-world", 3, HEAD_SHA, "rebase"));
    for (Runnable call : calls) {
      GitHubException e = catchThrowableOfType(GitHubException.class, call::run);
      assertThat(e).isNotNull();
      assertThat(e.getMessage()).doesNotContain(TOKEN);
      assertThat(e.toApplicationFailure().getOriginalMessage()).doesNotContain(TOKEN);
    }
    server.close();
    GitHubException down =
        catchThrowableOfType(
            GitHubException.class, () -> client.getPullRequest("octo-org", "hello-world", 1));
    assertThat(down.retryable()).isTrue();
    assertThat(down.getMessage()).doesNotContain(TOKEN);
  }

  @Test
  void givenABadToken_itShouldBeRefusedWithoutQuotingIt() {
    HttpUrl url = server.url("/");
    assertThatThrownBy(
            () ->
                new GitHubClient(
                    new okhttp3.OkHttpClient(),
                    url,
                    "ghp_secret\nInjected: yes",
                    sleeper,
                    java.time.Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("ghp_secret");
    assertThatThrownBy(
            () ->
                new GitHubClient(
                    new okhttp3.OkHttpClient(),
                    HttpUrl.get("https://x-access-token:ghp_secret@ghe.example/api/v3"),
                    TOKEN,
                    sleeper,
                    java.time.Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("ghp_secret");
  }

  @Test
  void givenAGitHubEnterpriseUrl_itShouldKeepTheApiV3Prefix() throws Exception {
    for (String base : List.of("/api/v3", "/api/v3/")) {
      GitHubClient ghe = GitHubFixtures.client(server.url(base), sleeper);
      HttpUrl page2 = server.url("/api/v3" + REPO_PATH + "/pulls/42/files?per_page=100&page=2");
      server.enqueue(okWithNext("files-page1.json", page2, page2));
      server.enqueue(ok("files-page3.json"));
      server.enqueue(ok("merge-ok.json"));

      assertThat(ghe.listFiles("octo-org", "hello-world", 42)).hasSize(103);
      ghe.merge("octo-org", "hello-world", 42, HEAD_SHA, "merge");

      assertThat(take(server).getTarget())
          .isEqualTo("/api/v3" + REPO_PATH + "/pulls/42/files?per_page=100");
      assertThat(take(server).getTarget())
          .isEqualTo("/api/v3" + REPO_PATH + "/pulls/42/files?per_page=100&page=2");
      assertThat(take(server).getTarget()).isEqualTo("/api/v3" + REPO_PATH + "/pulls/42/merge");
    }
    assertThat(GitHubClient.parseApiUrl(null)).isEqualTo(HttpUrl.get("https://api.github.com/"));
    assertThat(GitHubClient.parseApiUrl(" ")).isEqualTo(GitHubClient.DEFAULT_API_URL);
  }

  @Test
  void readsTheRepositorysDefaultBranch() throws Exception {
    server.enqueue(ok("repo.json"));

    assertThat(client.defaultBranch("octo-org", "hello-world")).isEqualTo("trunk");

    RecordedRequest request = take(server);
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getTarget()).isEqualTo(REPO_PATH);
  }

  @Test
  void aMissingRepositoryIsANonRetryable404() {
    server.enqueue(GitHubFixtures.json(404, "not-found.json"));

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> client.defaultBranch("octo-org", "no-such-repo"));

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.retryable()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aRepositoryWithoutDefaultBranchIsAClearError() {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(resource("repo.json").replace("\"default_branch\": \"trunk\",", ""))
            .build());

    assertThatThrownBy(() -> client.defaultBranch("octo-org", "hello-world"))
        .isInstanceOf(GitHubException.class)
        .hasMessageContaining("default_branch");
  }

  @Test
  void aBranchWithASlashIsLookedUpByItsFullName() throws Exception {
    server.enqueue(ok("branch.json"));

    assertThat(client.branchExists("octo-org", "hello-world", "release/2.x")).isTrue();

    assertThat(take(server).getTarget()).isEqualTo(REPO_PATH + "/branches/release/2.x");
  }

  @Test
  void aMissingBranchIsAnAnswerNotAnError() throws Exception {
    server.enqueue(GitHubFixtures.json(404, "not-found.json"));

    assertThat(client.branchExists("octo-org", "hello-world", "nope")).isFalse();
    assertThat(take(server).getTarget()).isEqualTo(REPO_PATH + "/branches/nope");
  }

  @Test
  void aBranchLookupThatGitHubCannotAnswerIsRetryable() {
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse.Builder().code(503).body("unavailable").build());
    }

    GitHubException e =
        catchThrowableOfType(
            GitHubException.class, () -> client.branchExists("octo-org", "hello-world", "main"));

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.retryable()).isTrue();
  }
}
