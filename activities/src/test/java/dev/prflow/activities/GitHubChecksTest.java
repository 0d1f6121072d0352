package dev.prflow.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.github.GitHubTestApi;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.TestRun;
import java.io.IOException;
import java.time.Duration;
import mockwebserver3.MockWebServer;
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
        GitHubTestApi.client(api.url("/"), "ghp_checksTestTokenNotReal000000000000000");
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
    api.enqueue(GitHubTestApi.json(200, checkRuns));
    api.enqueue(GitHubTestApi.json(200, status));
  }

  @Test
  void aCommitWithoutChecksIsPendingAtFirstBecauseCiRegistersItsChecksLate() {
    serve(NO_CHECK_RUNS, GitHubTestApi.fixture("status-none.json"));

    TestRun look = checks.checkOnce(pr, 0);

    assertThat(look.status()).isEqualTo(TestRun.PENDING);
    assertThat(look.reason()).isEqualTo("no checks reported yet");
  }

  @Test
  void aCommitThatNobodyChecksIsNotRunNeverPassed() {
    serve(NO_CHECK_RUNS, GitHubTestApi.fixture("status-none.json"));

    TestRun look = checks.checkOnce(pr, GitHubChecks.NO_CHECKS_GRACE.toMillis() + 1);

    assertThat(look.status()).isEqualTo(TestRun.NOT_RUN);
    assertThat(look.reason()).contains("no check run or status was reported on " + HEAD);
  }

  @Test
  void greenChecksPass() {
    serve(
        GitHubTestApi.fixture("check-runs-green.json"),
        GitHubTestApi.fixture("status-success.json"));

    assertThat(checks.checkOnce(pr, 1_000).status()).isEqualTo(TestRun.PASSED);
  }

  @Test
  void aFailingCheckFailsAndIsNamed() {
    serve(
        GitHubTestApi.fixture("check-runs-failed.json"),
        GitHubTestApi.fixture("status-success.json"));

    TestRun look = checks.checkOnce(pr, 1_000);

    assertThat(look.status()).isEqualTo(TestRun.FAILED);
    assertThat(look.reason()).startsWith("failing checks: ");
  }

  @Test
  void checksStillRunningPastTheDeadlineTimeOut() {
    serve(
        GitHubTestApi.fixture("check-runs-pending.json"),
        GitHubTestApi.fixture("status-pending.json"));

    TestRun look = checks.checkOnce(pr, Duration.ofMinutes(31).toMillis());

    assertThat(look.status()).isEqualTo(TestRun.TIMED_OUT);
    assertThat(look.reason()).startsWith("timeout: ");
  }
}
