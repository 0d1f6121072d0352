package dev.prflow.activities.codegen;

import static dev.prflow.activities.codegen.CodegenFixtures.KEY;
import static dev.prflow.activities.codegen.CodegenFixtures.ORG;
import static dev.prflow.activities.codegen.CodegenFixtures.RUN_ID;
import static dev.prflow.activities.codegen.CodegenFixtures.TRACE;
import static dev.prflow.activities.codegen.CodegenFixtures.body;
import static dev.prflow.activities.codegen.CodegenFixtures.error;
import static dev.prflow.activities.codegen.CodegenFixtures.ok;
import static dev.prflow.activities.codegen.CodegenFixtures.resource;
import static dev.prflow.activities.codegen.CodegenFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prflow.activities.codegen.CodegenException.Kind;
import dev.prflow.activities.codegen.CodegenFixtures.ManualClock;
import dev.prflow.activities.codegen.CodegenFixtures.RecordingSleeper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodegenClientTest {

  private static final Instant NOW = Instant.parse("2025-10-06T14:00:00Z");

  private MockWebServer server;
  private ManualClock clock;
  private RecordingSleeper sleeper;
  private CodegenClient client;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    clock = new ManualClock(NOW);
    sleeper = new RecordingSleeper(clock);
    client = new CodegenClient(http(), server.url("/"), ORG, KEY, sleeper, clock);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static OkHttpClient http() {
    return new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(r).as("expected another request").isNotNull();
    return r;
  }

  @Test
  void givenAPrompt_whenStartingARun_itPostsPromptRepoIdAndMetadataWithBearerAuth()
      throws Exception {
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("task_id", "tsk_01JB7Q3W");
    metadata.put("attempt", 2);
    metadata.put("strategy", "regenerate_prompt");

    AgentRun run = client.startRun("Add a changelog", 4711, metadata);

    assertThat(run).isEqualTo(new AgentRun(RUN_ID, "ACTIVE", TRACE, List.of(), null));
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/organizations/1234/agent/run");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    JsonNode body = body(request);
    assertThat(body.get("prompt").asText()).isEqualTo("Add a changelog");
    assertThat(body.get("repo_id").isIntegralNumber()).isTrue();
    assertThat(body.get("repo_id").asLong()).isEqualTo(4711L);
    assertThat(body.get("metadata").get("task_id").asText()).isEqualTo("tsk_01JB7Q3W");
    assertThat(body.get("metadata").get("attempt").asInt()).isEqualTo(2);
    assertThat(body.get("metadata").get("strategy").asText()).isEqualTo("regenerate_prompt");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenAnOrganisationWithManyRepositories_whenListing_itReadsEveryPageWithSkipAndLimit()
      throws Exception {
    server.enqueue(ok(CodegenFixtures.reposPage(0, 100, 150)));
    server.enqueue(ok(CodegenFixtures.reposPage(100, 50, 150)));

    List<CodegenRepo> repos = client.listRepos();

    assertThat(repos).hasSize(150);
    assertThat(repos.get(0)).isEqualTo(new CodegenRepo(9000, "acme/repo-0"));
    assertThat(repos.get(149)).isEqualTo(new CodegenRepo(9149, "acme/repo-149"));
    RecordedRequest first = take();
    assertThat(first.getMethod()).isEqualTo("GET");
    assertThat(first.getUrl().encodedPath()).isEqualTo("/v1/organizations/1234/repos");
    assertThat(first.getUrl().queryParameter("skip")).isEqualTo("0");
    assertThat(first.getUrl().queryParameter("limit")).isEqualTo("100");
    assertThat(first.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
    assertThat(take().getUrl().queryParameter("skip")).isEqualTo("100");
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void givenARepositoryListWithoutItems_whenListing_itFailsAsMalformed() {
    server.enqueue(ok("{\"total\": 3}"));

    CodegenException e = catchThrowableOfType(CodegenException.class, () -> client.listRepos());

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void givenACompleteRun_whenReadingIt_itReturnsPullRequestUrlsAndResult() throws Exception {
    server.enqueue(ok(resource("agent-run-complete.json")));

    AgentRun run = client.getRun(RUN_ID);

    assertThat(run.id()).isEqualTo(RUN_ID);
    assertThat(run.status()).isEqualTo("COMPLETE");
    assertThat(run.webUrl()).isEqualTo(TRACE);
    assertThat(run.pullRequestUrls()).containsExactly("https://github.com/acme/widgets/pull/418");
    assertThat(run.result()).startsWith("Added CHANGELOG.md");
    assertThat(run.runStatus().done()).isTrue();
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/organizations/1234/agent/run/86753");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void givenARunId_whenResuming_itPostsTheIntegerRunIdAndPrompt() throws Exception {
    server.enqueue(ok(run(RUN_ID, "RUNNING")));

    AgentRun run = client.resume(RUN_ID, "The tests fail: fix NPE in Parser");

    assertThat(run.status()).isEqualTo("RUNNING");
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/organizations/1234/agent/run/resume");
    JsonNode body = body(request);
    assertThat(body.get("agent_run_id").isIntegralNumber()).isTrue();
    assertThat(body.get("agent_run_id").asLong()).isEqualTo(86753L);
    assertThat(body.get("prompt").asText()).isEqualTo("The tests fail: fix NPE in Parser");
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + KEY);
  }

  @Test
  void givenABaseUrlWithAPath_whenCalling_itKeepsThePrefix() throws Exception {
    server.enqueue(ok(run(RUN_ID, "RUNNING")));
    HttpUrl base = server.url("/proxy/codegen/");
    new CodegenClient(http(), base, ORG, KEY, sleeper).getRun(RUN_ID);

    assertThat(take().getUrl().encodedPath())
        .isEqualTo("/proxy/codegen/v1/organizations/1234/agent/run/86753");
  }

  @Test
  void given429WithRetryAfterSeconds_whenCalling_itWaitsThatLongAndRepeatsTheRequest()
      throws Exception {
    server.enqueue(
        new MockResponse.Builder()
            .code(429)
            .addHeader("Retry-After", "7")
            .body(
                "{\"message\":\"Rate limit exceeded. Please try again later.\",\"status_code\":429}")
            .build());
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));

    AgentRun run = client.startRun("Add a changelog", 4711, Map.of("task_id", "t1"));

    assertThat(run.id()).isEqualTo(RUN_ID);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(7));
    RecordedRequest first = take();
    RecordedRequest second = take();
    assertThat(second.getMethod()).isEqualTo(first.getMethod()).isEqualTo("POST");
    assertThat(second.getUrl().encodedPath()).isEqualTo(first.getUrl().encodedPath());
    assertThat(second.getBody()).isEqualTo(first.getBody());
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void given429WithRetryAfterHttpDate_whenCalling_itWaitsUntilThatTime() throws Exception {
    String at =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(12).atOffset(ZoneOffset.UTC));
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", at).build());
    server.enqueue(ok(run(RUN_ID, "RUNNING")));

    client.getRun(RUN_ID);

    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(12));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void givenEndless429_whenCalling_itGivesUpRetryablyAfterABoundedNumberOfWaits() {
    for (int i = 0; i < 10; i++) {
      server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3").build());
    }

    CodegenException e = catchThrowableOfType(CodegenException.class, () -> client.getRun(RUN_ID));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(sleeper.sleeps).hasSize(CodegenClient.MAX_RATE_LIMIT_RETRIES);
    assertThat(server.getRequestCount()).isEqualTo(CodegenClient.MAX_RATE_LIMIT_RETRIES + 1);
  }

  @Test
  void given429AskingForAVeryLongWait_whenCalling_itFailsRetryablyInsteadOfBlocking() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());

    CodegenException e = catchThrowableOfType(CodegenException.class, () -> client.getRun(RUN_ID));

    assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED);
    assertThat(e.retryable()).isTrue();
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void given402_whenStarting_itFailsWithPlanLimitAndDoesNotRetry() {
    server.enqueue(
        error(
            402,
            "Alloted agent runs for the current billing plan have been reached. Please upgrade"
                + " your plan to continue."));

    CodegenException e =
        catchThrowableOfType(CodegenException.class, () -> client.startRun("p", 4711, Map.of()));

    assertThat(e.kind()).isEqualTo(Kind.PLAN_LIMIT);
    assertThat(e.retryable()).isFalse();
    assertThat(e.httpStatus()).isEqualTo(402);
    assertThat(e.getMessage())
        .startsWith("Codegen says the organisation's plan allowance is used up (HTTP 402)")
        .contains("upgrade your plan");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(sleeper.sleeps).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {401, 403})
  void givenAuthFailure_whenCalling_itFailsNonRetryablyNamingTheSettings(int code) {
    server.enqueue(error(code, "You do not have access to this organization."));

    CodegenException e = catchThrowableOfType(CodegenException.class, () -> client.getRun(RUN_ID));

    assertThat(e.kind()).isEqualTo(Kind.AUTH);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("HTTP " + code)
        .contains("check CODEGEN_API_KEY and CODEGEN_ORG_ID")
        .contains("You do not have access to this organization.")
        .doesNotContain(KEY);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void given422_whenStarting_itFailsAsBadRequestWithTheServersMessage() {
    server.enqueue(
        new MockResponse.Builder().code(422).body(resource("validation-error.json")).build());

    CodegenException e =
        catchThrowableOfType(CodegenException.class, () -> client.startRun("p", 4711, Map.of()));

    assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("HTTP 422")
        .contains("[\"body\",\"prompt\"]: Field required");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void given404_whenReadingARun_itFailsAsNotFound() {
    server.enqueue(error(404, "Agent run not found."));

    CodegenException e = catchThrowableOfType(CodegenException.class, () -> client.getRun("1"));

    assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("Agent run not found.");
  }

  @Test
  void given500Then502_whenCalling_itRetriesWithGrowingBackoffAndSucceeds() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).body("Internal Server Error").build());
    server.enqueue(new MockResponse.Builder().code(502).body("<html>Bad Gateway</html>").build());
    server.enqueue(ok(run(RUN_ID, "RUNNING")));

    AgentRun run = client.getRun(RUN_ID);

    assertThat(run.status()).isEqualTo("RUNNING");
    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    for (int i = 0; i < 3; i++) {
      assertThat(take().getUrl().encodedPath()).isEqualTo("/v1/organizations/1234/agent/run/86753");
    }
  }

  @Test
  void givenPersistent503_whenCalling_itGivesUpRetryablyAfterBoundedRetries() {
    for (int i = 0; i < 10; i++) {
      server.enqueue(new MockResponse.Builder().code(503).build());
    }

    CodegenException e = catchThrowableOfType(CodegenException.class, () -> client.getRun(RUN_ID));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(CodegenClient.MAX_SERVER_ERROR_RETRIES + 1);
    assertThat(sleeper.sleeps)
        .containsExactly(
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"id\": 86753, \"status\": ", "<html>oops</html>", "[1,2]", ""})
  void givenAMalformedBody_whenCalling_itFailsAsMalformedWithoutRetrying(String text) {
    server.enqueue(new MockResponse.Builder().code(200).body(text).build());

    CodegenException e = catchThrowableOfType(CodegenException.class, () -> client.getRun(RUN_ID));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("GET /v1/organizations/1234/agent/run/86753");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenABodyWithoutAnId_whenCalling_itFailsAsMalformed() {
    server.enqueue(ok("{\"organization_id\": 1234, \"status\": \"RUNNING\"}"));

    CodegenException e = catchThrowableOfType(CodegenException.class, () -> client.getRun(RUN_ID));

    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.getMessage()).contains("no agent run 'id'");
  }

  @Test
  void givenNoServer_whenReading_itRetriesThenFailsRetryablyAsUnavailable() {
    HttpUrl dead = server.url("/");
    server.close();
    CodegenClient offline = new CodegenClient(http(), dead, ORG, KEY, sleeper, clock);

    CodegenException e = catchThrowableOfType(CodegenException.class, () -> offline.getRun(RUN_ID));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).startsWith("Could not reach Codegen").doesNotContain(KEY);
    assertThat(sleeper.sleeps).hasSize(CodegenClient.MAX_SERVER_ERROR_RETRIES);
  }

  @Test
  void givenNoServer_whenStarting_itDoesNotRepeatThePost() {
    HttpUrl dead = server.url("/");
    server.close();
    CodegenClient offline = new CodegenClient(http(), dead, ORG, KEY, sleeper, clock);

    CodegenException e =
        catchThrowableOfType(CodegenException.class, () -> offline.startRun("p", 4711, Map.of()));

    assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
    assertThat(e.retryable()).isTrue();
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void givenAServerThatEchoesTheKey_whenAnythingFails_theKeyIsInNoMessage() {
    String echo = "{\"message\":\"bad token Bearer " + KEY + "\"}";
    server.enqueue(new MockResponse.Builder().code(401).body(echo).build());
    server.enqueue(new MockResponse.Builder().code(402).body(echo).build());
    server.enqueue(new MockResponse.Builder().code(400).body(echo).build());
    server.enqueue(new MockResponse.Builder().code(200).body("not json " + KEY).build());
    for (int i = 0; i < 5; i++) {
      server.enqueue(new MockResponse.Builder().code(500).body(echo).build());
    }
    for (int i = 0; i < 6; i++) {
      server.enqueue(new MockResponse.Builder().code(429).body(echo).build());
    }

    for (int i = 0; i < 6; i++) {
      CodegenException e =
          catchThrowableOfType(CodegenException.class, () -> client.getRun(RUN_ID));
      assertThat(e).as("call %d", i).isNotNull();
      assertThat(e.getMessage()).as("call %d: %s", i, e.getMessage()).doesNotContain(KEY);
      assertThat(String.valueOf(e.getCause())).doesNotContain(KEY);
    }
    assertThat(client.toString()).doesNotContain(KEY);
  }

  @Test
  void givenRunsWithMetadata_whenFindingByMetadata_itReturnsTheNewestMatch() throws Exception {
    server.enqueue(ok(resource("runs-page.json")));

    Optional<AgentRun> found =
        client.findRun(Map.of("task_id", "tsk_01JB7Q3W", "attempt", 1, "strategy", "initial"));

    assertThat(found).map(AgentRun::id).contains(RUN_ID);
    RecordedRequest request = take();
    assertThat(request.getMethod()).isEqualTo("GET");
    assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/organizations/1234/agent/runs");
    assertThat(request.getUrl().queryParameter("source_type")).isEqualTo("API");
    assertThat(request.getUrl().queryParameter("limit")).isEqualTo("100");
  }

  @Test
  void givenNoRunWithThatMetadata_whenFinding_itReturnsEmpty() {
    server.enqueue(ok(resource("runs-page.json")));

    assertThat(client.findRun(Map.of("task_id", "tsk_01JB7Q3W", "attempt", 2))).isEmpty();
  }

  @Test
  void retryAfterParsesSecondsDatesAndNonsense() {
    assertThat(client.retryAfter("0")).contains(Duration.ZERO);
    assertThat(client.retryAfter(" 30 ")).contains(Duration.ofSeconds(30));
    assertThat(client.retryAfter("Mon, 06 Oct 2025 14:01:00 GMT")).contains(Duration.ofMinutes(1));
    assertThat(client.retryAfter("Mon, 06 Oct 2025 13:00:00 GMT")).contains(Duration.ZERO);
    assertThat(client.retryAfter("soon")).isEmpty();
    assertThat(client.retryAfter(null)).isEmpty();
  }
}
