package dev.prflow.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.TestRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Test mode github-checks, one look at a time, against GitHub's check-runs and status answers. */
class GitHubChecksTest {

  private static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
  private static final String NO_CHECK_RUNS = "{\"total_count\":0,\"check_runs\":[]}";

  private MockWebServer api;
  private GitHubChecks checks;
  private PullRequestRef pr;

  @BeforeEach
  void start() throws IOException {
    api = new MockWebServer();
    api.start();
    GitHubClient client =
        new GitHubClient(
            new OkHttpClient(),
            api.url("/"),
            "ghp_checksTestTokenNotReal000000000000000",
            wait -> {},
            Clock.systemUTC(),
            new GitHubClient.Limits(Duration.ZERO, 0, 0, Duration.ofMillis(1)));
    checks = new GitHubChecks(client, Duration.ofMinutes(30), Duration.ofSeconds(10));
    String repository = "github:octo-org/hello-world";
    pr =
        new PullRequestRef(
            "github",
            repository,
            GitHubRepository.parse(repository).key(),
            42,
            "https://github.com/octo-org/hello-world/pull/42",
            "main",
            "feature",
            null,
            HEAD);
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private void serve(String checkRuns, String status) {
    api.enqueue(json(checkRuns));
    api.enqueue(json(status));
  }

  @Test
  void aCommitWithoutChecksIsPendingAtFirstBecauseCiRegistersItsChecksLate() {
    serve(NO_CHECK_RUNS, fixture("status-none.json"));

    TestRun look = checks.checkOnce(pr, 0);

    assertThat(look.status()).isEqualTo(TestRun.PENDING);
    assertThat(look.reason()).isEqualTo("no checks reported yet");
  }

  @Test
  void aCommitThatNobodyChecksIsNotRunNeverPassed() {
    serve(NO_CHECK_RUNS, fixture("status-none.json"));

    TestRun look = checks.checkOnce(pr, GitHubChecks.NO_CHECKS_GRACE.toMillis() + 1);

    assertThat(look.status()).isEqualTo(TestRun.NOT_RUN);
    assertThat(look.reason()).contains("no check run or status was reported on " + HEAD);
  }

  @Test
  void greenChecksPass() {
    serve(fixture("check-runs-green.json"), fixture("status-success.json"));

    assertThat(checks.checkOnce(pr, 1_000).status()).isEqualTo(TestRun.PASSED);
  }

  @Test
  void aFailingCheckFailsAndIsNamed() {
    serve(fixture("check-runs-failed.json"), fixture("status-success.json"));

    TestRun look = checks.checkOnce(pr, 1_000);

    assertThat(look.status()).isEqualTo(TestRun.FAILED);
    assertThat(look.reason()).startsWith("failing checks: ");
  }

  @Test
  void checksStillRunningPastTheDeadlineTimeOut() {
    serve(fixture("check-runs-pending.json"), fixture("status-pending.json"));

    TestRun look = checks.checkOnce(pr, Duration.ofMinutes(31).toMillis());

    assertThat(look.status()).isEqualTo(TestRun.TIMED_OUT);
    assertThat(look.reason()).startsWith("timeout: ");
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  private static String fixture(String name) {
    try (InputStream in = GitHubChecksTest.class.getResourceAsStream("/github/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("fixture github/" + name + " missing", e);
    }
  }
}
