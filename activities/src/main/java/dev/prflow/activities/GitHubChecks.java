package dev.prflow.activities;

import dev.prflow.activities.github.CheckItem;
import dev.prflow.activities.github.ChecksSummary;
import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.TestRun;
import java.time.Duration;
import java.util.List;

/**
 * Test mode {@code github-checks}: the verdict of the repository's own CI, one look at a time. The
 * workflow looks again after the poll interval, or at once when the {@code checksCompleted} signal
 * arrives, until every check run and status has completed or the deadline has passed.
 */
public final class GitHubChecks {

  private final GitHubClient client;
  private final Duration deadline;
  private final Duration pollEvery;

  /**
   * @param deadline how long after the first look the checks may take
   * @param pollEvery when the workflow should look again if no webhook wakes it first
   */
  public GitHubChecks(GitHubClient client, Duration deadline, Duration pollEvery) {
    this.client = client;
    this.deadline = deadline;
    this.pollEvery = pollEvery;
    this.grace = deadline.compareTo(NO_CHECKS_GRACE) < 0 ? deadline : NO_CHECKS_GRACE;
  }

  /**
   * How long a commit may show no check at all: CI registers its checks a little after a push, and
   * a commit nobody checks must not pass as if it had been.
   */
  static final Duration NO_CHECKS_GRACE = Duration.ofMinutes(5);

  private final Duration grace;

  /**
   * One look: the verdict when every check has completed, {@code timed_out} once {@code waitedMs}
   * passes the deadline, else {@code pending} with the poll interval as when to look again.
   */
  TestRun checkOnce(PullRequestRef pr, long waitedMs) {
    GitHubRepository repo = GitHubRepository.parse(pr.repository());
    ChecksSummary summary = client.checks(repo.owner(), repo.name(), pr.headSha());
    if (summary.items().isEmpty()) {
      return waitedMs < grace.toMillis() ? pending(0, 0) : noChecks(pr, waitedMs);
    }
    if (summary.complete()) {
      return verdict(summary, waitedMs);
    }
    if (waitedMs > deadline.toMillis()) {
      return timedOut(pr, waitedMs);
    }
    long done = summary.items().stream().filter(i -> i.outcome() != null).count();
    return pending(done, summary.items().size());
  }

  private TestRun pending(long done, int all) {
    return new TestRun(
        TestRun.PENDING,
        "github-checks",
        null,
        pollEvery.toMillis(),
        null,
        false,
        all == 0 ? "no checks reported yet" : done + " of " + all + " checks complete");
  }

  private TestRun noChecks(PullRequestRef pr, long elapsedMs) {
    return new TestRun(
        TestRun.NOT_RUN,
        "github-checks",
        null,
        elapsedMs,
        null,
        false,
        "no check run or status was reported on "
            + pr.headSha()
            + " within "
            + grace.toMinutes()
            + " min: the repository's CI does not test this commit");
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

  private static boolean isGood(String outcome) {
    return outcome == null
        || List.of("success", "neutral", "skipped")
            .contains(outcome.toLowerCase(java.util.Locale.ROOT));
  }
}
