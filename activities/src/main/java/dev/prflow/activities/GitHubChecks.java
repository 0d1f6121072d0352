package dev.prflow.activities;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.github.CheckItem;
import dev.prflow.activities.github.ChecksSummary;
import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.http.Sleeper;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.TestRun;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;

/**
 * Test mode {@code github-checks}: the verdict of the repository's own CI. Waits, heartbeating,
 * until every check run and status on the head commit has completed or the deadline passes.
 */
public final class GitHubChecks {

  private final GitHubClient client;
  private final Duration deadline;
  private final Duration pollEvery;
  private final Sleeper sleeper;

  public GitHubChecks(GitHubClient client, Duration deadline, Duration pollEvery, Sleeper sleeper) {
    this.client = client;
    this.deadline = deadline;
    this.pollEvery = pollEvery;
    this.sleeper = sleeper;
  }

  /**
   * One look: the verdict when every check has completed, {@code timed_out} once {@code waitedMs}
   * passes the deadline, else {@code pending} with the poll interval as when to look again.
   */
  TestRun checkOnce(PullRequestRef pr, long waitedMs) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    ChecksSummary summary = client.checks(repo.owner(), repo.name(), pr.headSha());
    if (summary.complete()) {
      return verdict(summary, waitedMs);
    }
    if (waitedMs > deadline.toMillis()) {
      return timedOut(pr, waitedMs);
    }
    long done = summary.items().stream().filter(i -> i.outcome() != null).count();
    return new TestRun(
        TestRun.PENDING,
        "github-checks",
        null,
        pollEvery.toMillis(),
        null,
        false,
        done + " of " + summary.items().size() + " checks complete");
  }

  private TestRun verdict(ChecksSummary summary, long elapsedMs) {
    List<CheckItem> failing = summary.items().stream().filter(i -> !isGood(i.outcome())).toList();
    String tail =
        String.join(
            "\n", summary.items().stream().map(i -> i.outcome() + "  " + i.name()).toList());
    return new TestRun(
        summary.success() ? TestRun.PASSED : TestRun.FAILED,
        "github-checks",
        null,
        elapsedMs,
        tail,
        false,
        summary.success()
            ? null
            : "failing checks: "
                + String.join(", ", failing.stream().map(CheckItem::name).toList()));
  }

  private TestRun timedOut(PullRequestRef pr, long elapsedMs) {
    return new TestRun(
        TestRun.TIMED_OUT,
        "github-checks",
        null,
        elapsedMs,
        null,
        false,
        "timeout: checks on "
            + pr.headSha()
            + " did not complete within "
            + deadline.toMinutes()
            + " min");
  }

  TestRun await(PullRequestRef pr, Heartbeat heartbeat) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    long started = System.nanoTime();
    long end = started + deadline.toNanos();
    while (true) {
      ChecksSummary summary = client.checks(repo.owner(), repo.name(), pr.headSha());
      long elapsed = (System.nanoTime() - started) / 1_000_000;
      if (summary.complete()) {
        return verdict(summary, elapsed);
      }
      if (System.nanoTime() > end) {
        return timedOut(pr, elapsed);
      }
      if (!heartbeat.beat("waiting for " + summary.items().size() + " checks")) {
        throw ApplicationFailure.newFailure("stopped waiting for checks", "Cancelled");
      }
      try {
        sleeper.sleep(pollEvery);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw ApplicationFailure.newFailure("interrupted waiting for checks", "Cancelled");
      }
    }
  }

  private static boolean isGood(String outcome) {
    return outcome == null
        || List.of("success", "neutral", "skipped")
            .contains(outcome.toLowerCase(java.util.Locale.ROOT));
  }
}
