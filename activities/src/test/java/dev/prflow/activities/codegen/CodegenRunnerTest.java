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
import static dev.prflow.activities.codegen.CodegenFixtures.withResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prflow.activities.codegen.CodegenException.Kind;
import dev.prflow.activities.codegen.CodegenFixtures.ManualClock;
import dev.prflow.activities.codegen.CodegenFixtures.RecordingSleeper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodegenRunnerTest {

  private static final String PR = "https://github.com/acme/widgets/pull/418";
  private static final Duration DEADLINE = Duration.ofMinutes(30);
  private static final String RUN_PATH = "/v1/organizations/1234/agent/run";
  private static final String REPO = "acme/widgets";
  private static final long REPO_ID = 4711;

  private MockWebServer server;
  private ManualClock clock;
  private RecordingSleeper sleeper;
  private CodegenClient client;
  private CodegenRunner runner;
  private Checkpoint checkpoint;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    clock = new ManualClock(Instant.parse("2025-10-06T14:00:00Z"));
    sleeper = new RecordingSleeper(clock);
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(10, TimeUnit.SECONDS).build();
    client = new CodegenClient(http, server.url("/"), ORG, KEY, sleeper, clock);
    runner = new CodegenRunner(client, listed(), sleeper, clock, false);
    checkpoint = new Checkpoint(server);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A directory that knows the task's repository without asking the server. */
  private static CodegenRepositories listed() {
    return new CodegenRepositories(ORG, () -> List.of(new CodegenRepo(REPO_ID, "Acme/Widgets")));
  }

  private static Map<String, Object> metadata() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("task_id", "tsk_01JB7Q3W");
    m.put("attempt", 1);
    m.put("strategy", "initial");
    return m;
  }

  private List<RecordedRequest> requests() throws InterruptedException {
    List<RecordedRequest> all = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
      all.add(r);
    }
    return all;
  }

  private static List<String> lines(List<RecordedRequest> requests) {
    return requests.stream().map(r -> r.getMethod() + " " + r.getUrl().encodedPath()).toList();
  }

  @Test
  void givenANewAttempt_whenTheRunCompletes_itRecordsTheIdFirstAndReturnsThePr() throws Exception {
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));
    server.enqueue(ok(run(RUN_ID, "RUNNING")));
    server.enqueue(ok(run(RUN_ID, "running")));
    server.enqueue(ok(resource("agent-run-complete.json")));

    CodegenOutcome outcome =
        runner.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE);

    assertThat(outcome).isEqualTo(new CodegenOutcome(RUN_ID, TRACE, PR, 418, List.of()));
    List<RecordedRequest> requests = requests();
    assertThat(lines(requests))
        .containsExactly(
            "POST " + RUN_PATH,
            "GET " + RUN_PATH + "/86753",
            "GET " + RUN_PATH + "/86753",
            "GET " + RUN_PATH + "/86753");
    assertThat(body(requests.get(0)).get("metadata").get("task_id").asText())
        .isEqualTo("tsk_01JB7Q3W");
    assertThat(checkpoint.recorded).containsExactly(RUN_ID + " " + TRACE);
    assertThat(checkpoint.requestsSeenWhenRecorded)
        .as("recordRunId ran after the POST and before the first GET")
        .isEqualTo(1);
    assertThat(checkpoint.beats).hasSize(3);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void givenARecordedRunId_whenRetried_itFollowsThatRunWithoutPosting() throws Exception {
    checkpoint.alreadyRecorded = Optional.of(RUN_ID);
    server.enqueue(ok(run(RUN_ID, "RUNNING")));
    server.enqueue(ok(run(RUN_ID, "COMPLETE", PR)));

    CodegenOutcome outcome =
        runner.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE);

    assertThat(outcome.prNumber()).isEqualTo(418);
    assertThat(requests()).allSatisfy(r -> assertThat(r.getMethod()).isEqualTo("GET"));
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(checkpoint.recorded).isEmpty();
  }

  @Test
  void givenARecordedRunIdOnAResume_whenRetried_itDoesNotResumeAgain() throws Exception {
    checkpoint.alreadyRecorded = Optional.of(RUN_ID);
    server.enqueue(ok(run(RUN_ID, "RUNNING")));
    server.enqueue(ok(run(RUN_ID, "COMPLETE", PR)));

    runner.run(REPO, "fix it", metadata(), RUN_ID, checkpoint, DEADLINE);

    assertThat(lines(requests())).containsOnly("GET " + RUN_PATH + "/86753");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "FAILED",
        "ERROR",
        "CANCELLED",
        "STOPPED",
        "TIMEOUT",
        "MAX_ITERATIONS_REACHED",
        "OUT_OF_TOKENS",
        "out_of_tokens",
        "Failed"
      })
  void givenAFailedStatus_whenPolled_itFailsNonRetryablyWithTheStatusAsReason(String status) {
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));
    server.enqueue(ok(run(RUN_ID, "RUNNING")));
    server.enqueue(ok(withResult(run(RUN_ID, status), "I ran out of context.")));

    CodegenException e =
        catchThrowableOfType(
            CodegenException.class,
            () -> runner.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE));

    assertThat(e.kind()).isEqualTo(Kind.RUN_FAILED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("Codegen run 86753 ended with status " + status.toUpperCase())
        .contains("I ran out of context.")
        .contains(TRACE)
        .doesNotContain(KEY);
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void givenUnknownOrMissingStatuses_whenPolled_itKeepsPolling() {
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));
    server.enqueue(ok(run(RUN_ID, "EVALUATION")));
    server.enqueue(ok(run(RUN_ID, null)));
    server.enqueue(ok(run(RUN_ID, "PAUSED")));
    server.enqueue(ok(run(RUN_ID, "complete", PR)));

    CodegenOutcome outcome =
        runner.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE);

    assertThat(outcome.prUrl()).isEqualTo(PR);
    assertThat(server.getRequestCount()).isEqualTo(5);
    assertThat(sleeper.sleeps)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
  }

  @Test
  void givenALongRun_whenPolled_theBackoffIsCappedAtThirtySeconds() {
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));
    for (int i = 0; i < 6; i++) {
      server.enqueue(ok(run(RUN_ID, "RUNNING")));
    }
    server.enqueue(ok(run(RUN_ID, "COMPLETE", PR)));

    runner.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE);

    assertThat(sleeper.sleeps)
        .extracting(Duration::toSeconds)
        .containsExactly(2L, 4L, 8L, 16L, 30L, 30L);
  }

  @Test
  void givenSeveralPullRequests_whenComplete_itTakesTheFirstAndWarns() {
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));
    server.enqueue(
        ok(
            run(
                RUN_ID,
                "COMPLETE",
                "https://github.com/acme/widgets/pull/418",
                "https://github.com/acme/widgets-docs/pull/77")));

    CodegenOutcome outcome =
        runner.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE);

    assertThat(outcome.prUrl()).isEqualTo("https://github.com/acme/widgets/pull/418");
    assertThat(outcome.prNumber()).isEqualTo(418);
    assertThat(outcome.warnings())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("opened 2 pull requests")
        .contains("https://github.com/acme/widgets-docs/pull/77");
  }

  @Test
  void givenACompleteRunWithoutPr_whenPolled_itFailsNonRetryably() {
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));
    server.enqueue(ok(withResult(run(RUN_ID, "COMPLETE"), "The code already does this.")));

    CodegenException e =
        catchThrowableOfType(
            CodegenException.class,
            () -> runner.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE));

    assertThat(e.kind()).isEqualTo(Kind.NO_PULL_REQUEST);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .startsWith("Codegen run 86753 completed without opening a pull request")
        .contains("The code already does this.");
  }

  @Test
  void givenARunThatOutlastsTheDeadline_whenPolled_itFailsRetryablyAfterAFinalPoll() {
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));
    for (int i = 0; i < 10; i++) {
      server.enqueue(ok(run(RUN_ID, "RUNNING")));
    }

    CodegenException e =
        catchThrowableOfType(
            CodegenException.class,
            () ->
                runner.run(
                    REPO, "Add a changelog", metadata(), null, checkpoint, Duration.ofSeconds(10)));

    assertThat(e.kind()).isEqualTo(Kind.TIMED_OUT);
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage())
        .startsWith("Codegen run 86753 did not finish within 10 s")
        .contains("last status RUNNING");
    // polls at 0 s, 2 s, 6 s and 10 s (the last wait is cut to the deadline)
    assertThat(sleeper.sleeps)
        .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(4));
    assertThat(server.getRequestCount()).isEqualTo(1 + 4);
  }

  @Test
  void givenTheCallerAsksToStop_whenBeating_itStopsWithoutFurtherPolls() {
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));
    server.enqueue(ok(run(RUN_ID, "RUNNING")));
    checkpoint.beatsAllowed = 1;

    CodegenException e =
        catchThrowableOfType(
            CodegenException.class,
            () -> runner.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE));

    assertThat(e.kind()).isEqualTo(Kind.CANCELLED);
    assertThat(e.retryable()).isFalse();
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(checkpoint.beats).hasSize(2);
  }

  @Test
  void givenFixForward_whenResuming_itPostsResumeAndIgnoresTheStaleCompleteStatus()
      throws Exception {
    // The resume answer and first read still show the previous turn's COMPLETE.
    server.enqueue(ok(run(RUN_ID, "COMPLETE", PR)));
    server.enqueue(ok(run(RUN_ID, "COMPLETE", PR)));
    server.enqueue(ok(run(RUN_ID, "ACTIVE", PR)));
    server.enqueue(ok(run(RUN_ID, "COMPLETE", PR)));

    CodegenOutcome outcome =
        runner.run(
            REPO, "Tests fail: fix the NPE in Parser", metadata(), RUN_ID, checkpoint, DEADLINE);

    assertThat(outcome.prUrl()).isEqualTo(PR);
    List<RecordedRequest> requests = requests();
    assertThat(lines(requests))
        .containsExactly(
            "POST " + RUN_PATH + "/resume",
            "GET " + RUN_PATH + "/86753",
            "GET " + RUN_PATH + "/86753",
            "GET " + RUN_PATH + "/86753");
    assertThat(body(requests.get(0)).get("agent_run_id").asLong()).isEqualTo(86753L);
    assertThat(body(requests.get(0)).get("prompt").asText())
        .isEqualTo("Tests fail: fix the NPE in Parser");
    assertThat(checkpoint.requestsSeenWhenRecorded).isEqualTo(1);
  }

  @Test
  void givenFixForwardThatNeverShowsRunning_whenTheGraceEnds_itAcceptsTheTerminalStatus() {
    server.enqueue(ok(run(RUN_ID, "COMPLETE", PR)));
    for (int i = 0; i < 10; i++) {
      server.enqueue(ok(run(RUN_ID, "COMPLETE", PR)));
    }

    CodegenOutcome outcome = runner.run(REPO, "fix", metadata(), RUN_ID, checkpoint, DEADLINE);

    assertThat(outcome.prNumber()).isEqualTo(418);
    // polls at 0, 2, 6, 14, 30, 60 s: the last is the first at or after the 60 s grace
    assertThat(server.getRequestCount()).isEqualTo(1 + 6);
  }

  @Test
  void givenPlanLimit_whenStarting_itFailsWithoutRecordingOrPolling() {
    server.enqueue(
        error(402, "Alloted agent runs for the current billing plan have been reached."));

    CodegenException e =
        catchThrowableOfType(
            CodegenException.class,
            () -> runner.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE));

    assertThat(e.kind()).isEqualTo(Kind.PLAN_LIMIT);
    assertThat(checkpoint.recorded).isEmpty();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void givenALostRunWithThisAttemptsMetadata_whenStarting_itAdoptsItInsteadOfPosting()
      throws Exception {
    CodegenRunner finding = new CodegenRunner(client, listed(), sleeper, clock, true);
    server.enqueue(ok(resource("runs-page.json")));
    server.enqueue(ok(run(RUN_ID, "COMPLETE", PR)));

    CodegenOutcome outcome =
        finding.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE);

    assertThat(outcome.runId()).isEqualTo(RUN_ID);
    assertThat(lines(requests()))
        .containsExactly("GET /v1/organizations/1234/agent/runs", "GET " + RUN_PATH + "/86753");
    assertThat(checkpoint.recorded).containsExactly(RUN_ID + " " + TRACE);
  }

  @Test
  void givenNoLostRun_whenStarting_itLooksThenPosts() throws Exception {
    CodegenRunner finding = new CodegenRunner(client, listed(), sleeper, clock, true);
    Map<String, Object> second = metadata();
    second.put("attempt", 2);
    server.enqueue(ok(resource("runs-page.json")));
    server.enqueue(ok(run("86801", "ACTIVE")));
    server.enqueue(ok(run("86801", "COMPLETE", "https://github.com/acme/widgets/pull/419")));

    CodegenOutcome outcome =
        finding.run(REPO, "Add a changelog", second, null, checkpoint, DEADLINE);

    assertThat(outcome.prNumber()).isEqualTo(419);
    assertThat(lines(requests()))
        .containsExactly(
            "GET /v1/organizations/1234/agent/runs",
            "POST " + RUN_PATH,
            "GET " + RUN_PATH + "/86801");
    assertThat(checkpoint.requestsSeenWhenRecorded).isEqualTo(2);
  }

  @Test
  void givenTheTasksRepository_whenStarting_itPostsTheRepoIdCodegenListsForIt() throws Exception {
    CodegenRunner resolving = new CodegenRunner(client, sleeper, clock, false);
    server.enqueue(ok(CodegenFixtures.reposPage(0, 100, 101)));
    server.enqueue(ok(CodegenFixtures.reposPage(100, 0, 101, "ACME/Widgets")));
    server.enqueue(ok(run(RUN_ID, "ACTIVE")));
    server.enqueue(ok(run(RUN_ID, "COMPLETE", PR)));
    server.enqueue(ok(run("86801", "ACTIVE")));
    server.enqueue(ok(run("86801", "COMPLETE", "https://github.com/acme/widgets/pull/419")));

    resolving.run(REPO, "Add a changelog", metadata(), null, checkpoint, DEADLINE);
    resolving.run(REPO, "Add a readme", metadata(), null, new Checkpoint(server), DEADLINE);

    List<RecordedRequest> requests = requests();
    assertThat(lines(requests))
        .as("the list is read once per process, not once per run")
        .containsExactly(
            "GET /v1/organizations/1234/repos",
            "GET /v1/organizations/1234/repos",
            "POST " + RUN_PATH,
            "GET " + RUN_PATH + "/86753",
            "POST " + RUN_PATH,
            "GET " + RUN_PATH + "/86801");
    assertThat(body(requests.get(2)).get("repo_id").asLong()).isEqualTo(7000L);
    assertThat(body(requests.get(4)).get("repo_id").asLong()).isEqualTo(7000L);
  }

  @Test
  void givenARepositoryCodegenDoesNotList_whenStarting_itFailsNonRetryablyNamingItAndTheFix()
      throws Exception {
    CodegenRunner resolving = new CodegenRunner(client, sleeper, clock, false);
    server.enqueue(ok(CodegenFixtures.reposPage(0, 3, 3)));

    CodegenException e =
        catchThrowableOfType(
            CodegenException.class,
            () ->
                resolving.run(
                    "acme/gadgets", "Add a changelog", metadata(), null, checkpoint, DEADLINE));

    assertThat(e.kind()).isEqualTo(Kind.REPO_NOT_CONNECTED);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("does not list the repository acme/gadgets")
        .contains("organisation 1234")
        .contains("connect acme/gadgets")
        .contains("Codegen's settings");
    assertThat(lines(requests())).containsExactly("GET /v1/organizations/1234/repos");
    assertThat(checkpoint.recorded).isEmpty();
  }

  /** Records what the runner checkpoints and when, relative to the requests the server saw. */
  private static final class Checkpoint implements RunCheckpoint {
    private final MockWebServer server;
    Optional<String> alreadyRecorded = Optional.empty();
    final List<String> recorded = new ArrayList<>();
    final List<String> beats = new ArrayList<>();
    int requestsSeenWhenRecorded = -1;
    int beatsAllowed = Integer.MAX_VALUE;

    Checkpoint(MockWebServer server) {
      this.server = server;
    }

    @Override
    public Optional<String> recordedRunId() {
      return alreadyRecorded;
    }

    @Override
    public void recordRunId(String runId, String webUrl) {
      requestsSeenWhenRecorded = server.getRequestCount();
      recorded.add(runId + " " + webUrl);
    }

    @Override
    public boolean beat(String progress) {
      beats.add(progress);
      return beats.size() <= beatsAllowed;
    }
  }
}
