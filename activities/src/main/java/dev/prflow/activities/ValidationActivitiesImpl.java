package dev.prflow.activities;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.github.GitHubCodeHost;
import dev.prflow.activities.github.GitHubException;
import dev.prflow.activities.github.GitHubMirror;
import dev.prflow.activities.github.PullRequest;
import dev.prflow.activities.localgit.CodeHost;
import dev.prflow.activities.localgit.FileStat;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.report.CompiledReport;
import dev.prflow.activities.report.ReportCompiler;
import dev.prflow.activities.store.ReportDetails;
import dev.prflow.activities.store.ValidationReportRow;
import dev.prflow.activities.store.ValidationStore;
import dev.prflow.activities.testing.TestExecution;
import dev.prflow.activities.testing.TestRunner;
import dev.prflow.workflows.ValidationActivities;
import dev.prflow.workflows.model.ChecksQuery;
import dev.prflow.workflows.model.DependencyChange;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Analyses a pull request, runs its tests, and stores the verdict. */
public class ValidationActivitiesImpl implements ValidationActivities {

  private static final Map<String, String> LANGUAGES =
      Map.ofEntries(
          Map.entry("java", "Java"),
          Map.entry("kt", "Kotlin"),
          Map.entry("py", "Python"),
          Map.entry("js", "JavaScript"),
          Map.entry("mjs", "JavaScript"),
          Map.entry("ts", "TypeScript"),
          Map.entry("tsx", "TypeScript"),
          Map.entry("go", "Go"),
          Map.entry("rs", "Rust"),
          Map.entry("rb", "Ruby"),
          Map.entry("c", "C"),
          Map.entry("h", "C"),
          Map.entry("cpp", "C++"),
          Map.entry("cs", "C#"),
          Map.entry("sh", "Shell"),
          Map.entry("sql", "SQL"),
          Map.entry("md", "Markdown"),
          Map.entry("yml", "YAML"),
          Map.entry("yaml", "YAML"),
          Map.entry("json", "JSON"),
          Map.entry("xml", "XML"),
          Map.entry("html", "HTML"),
          Map.entry("css", "CSS"));

  private static final int FINDINGS_IN_RESULT = 30;

  private final ReportCompiler compiler = new ReportCompiler();
  private GitHubCodeHost github;
  private GitHubChecks checks;
  private GitHubMirror mirror;
  private boolean forkTests;
  private final CodeHost host;
  private final TestRunner tests;
  private final ValidationStore reports;
  private DatabaseWait database = DatabaseWait.standard();

  public ValidationActivitiesImpl(CodeHost host, TestRunner tests, ValidationStore reports) {
    this.host = host;
    this.tests = tests;
    this.reports = reports;
  }

  @Override
  public PrAnalysis analyzePr(PullRequestRef pr) {
    List<FileStat> stats = host.fileStats(pr);
    int additions = stats.stream().mapToInt(FileStat::additions).sum();
    int deletions = stats.stream().mapToInt(FileStat::deletions).sum();
    Map<String, Integer> languages = new TreeMap<>();
    for (FileStat s : stats) {
      languages.merge(languageOf(s.path()), 1, Integer::sum);
    }
    return new PrAnalysis(
        stats.size(), additions, deletions, stats.stream().map(FileStat::path).toList(), languages);
  }

  /**
   * Pull requests on GitHub: their test verdict comes from the repository's own CI checks ({@code
   * github-checks}) or, with a mirror, from running their tests here on a fetched head commit.
   *
   * @param mirror null for {@code github-checks}
   */
  public ValidationActivitiesImpl withGitHub(
      GitHubCodeHost github, GitHubChecks checks, GitHubMirror mirror) {
    this.github = github;
    this.checks = checks;
    this.mirror = mirror;
    return this;
  }

  /**
   * Whether clone mode runs the tests of a fork pull request whose author is not an owner, member
   * or collaborator ({@code PRFLOW_GITHUB_FORK_TESTS=all}). Off by default: those tests are code
   * from outside, and running them here hands it this machine.
   */
  public ValidationActivitiesImpl withForkTests(boolean runThem) {
    this.forkTests = runThem;
    return this;
  }

  /**
   * How long a test run waits out a PostgreSQL outage before failing with the retryable {@code
   * DatabaseUnavailable}; the tests are not run again for it within the attempt.
   */
  ValidationActivitiesImpl withDatabasePatience(java.time.Duration patience) {
    this.database = new DatabaseWait(patience);
    return this;
  }

  @Override
  public void publishReport(ValidationResult result) {
    PullRequestRef pr = result.pr();
    if (!RepositoryLocation.parse(pr.repository()).isGitHub()) {
      return; // the local host shows reports through the API only
    }
    if (github == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot publish to " + pr.url() + ": GITHUB_TOKEN is not set on this worker",
          "GitHubNotConfigured");
    }
    ReportDetails details =
        database
            .call(
                "reading the report to publish",
                ActivityHeartbeat.current(),
                () -> reports.details(result.reportId()))
            .orElseThrow();
    try {
      github.publishReport(
          pr,
          details.markdown(),
          result.verdict(),
          details.score() == null ? 0 : details.score(),
          null);
    } catch (GitHubException e) {
      // A 403 or 422 will not pass on a retry; a 5xx or a rate limit may.
      throw e.toApplicationFailure();
    }
  }

  @Override
  public TestRun checkTests(ChecksQuery query) {
    PullRequestRef pr = query.pr();
    if (mirror != null || !RepositoryLocation.parse(pr.repository()).isGitHub()) {
      return runTests(pr);
    }
    requireChecks(pr);
    return checks.checkOnce(pr, query.waitedMs());
  }

  /** Checks are read from GitHub with prflow's token: without one nothing can be looked at. */
  private void requireChecks(PullRequestRef pr) {
    if (checks == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "cannot look at the checks of " + pr.url() + ": GITHUB_TOKEN is not set on this worker",
          "GitHubNotConfigured");
    }
  }

  /** Heartbeat details of {@link #awaitChecks} start with this and the first look's epoch ms. */
  static final String CHECKS_SINCE = "checks-since:";

  private static final long CHECKS_STEP_MILLIS = 2_000;

  @Override
  public TestRun awaitChecks(ChecksQuery query) {
    PullRequestRef pr = query.pr();
    if (mirror != null || !RepositoryLocation.parse(pr.repository()).isGitHub()) {
      return runTests(pr);
    }
    requireChecks(pr);
    Heartbeat heartbeat = ActivityHeartbeat.current();
    // A retried attempt resumes the clock of the attempts before it.
    long since = resumedSince().orElse(System.currentTimeMillis() - Math.max(0, query.waitedMs()));
    while (true) {
      TestRun run = checks.checkOnce(pr, System.currentTimeMillis() - since);
      if (!TestRun.PENDING.equals(run.status())) {
        return run;
      }
      long until = System.currentTimeMillis() + Math.max(1_000, run.durationMs());
      while (true) {
        if (!heartbeat.beat(CHECKS_SINCE + since + " " + run.reason())) {
          throw ApplicationFailure.newFailure(
              "stopped waiting for the checks of " + pr.url(), "ChecksWaitStopped");
        }
        long left = until - System.currentTimeMillis();
        if (left <= 0) {
          break;
        }
        try {
          Thread.sleep(Math.min(left, CHECKS_STEP_MILLIS));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw ApplicationFailure.newFailure(
              "interrupted while waiting for the checks of " + pr.url(), "ChecksWaitStopped");
        }
      }
    }
  }

  private static Optional<Long> resumedSince() {
    try {
      return Activity.getExecutionContext()
          .getHeartbeatDetails(String.class)
          .filter(d -> d.startsWith(CHECKS_SINCE))
          .map(d -> d.substring(CHECKS_SINCE.length()).split(" ", 2)[0])
          .map(Long::parseLong);
    } catch (IllegalStateException | NumberFormatException notResumable) {
      return Optional.empty();
    }
  }

  /**
   * Local pull requests, and GitHub ones in clone mode, run their tests here. A GitHub pull request
   * in {@code github-checks} mode gets one look at its checks ({@link #checkTests}); waiting is the
   * workflow's business, so the webhook's signal can wake it.
   */
  @Override
  public TestRun runTests(PullRequestRef pr) {
    RepositoryLocation location = RepositoryLocation.parse(pr.repository());
    if (location.isGitHub() && mirror == null) {
      return checkTests(new ChecksQuery(pr, 0));
    }
    if (location.isGitHub()) {
      Optional<TestRun> refused = outsideFork(pr);
      if (refused.isPresent()) {
        return refused.get();
      }
    }
    Git git =
        location.isGitHub()
            ? mirror.forPullRequest(pr, ActivityHeartbeat.current())
            : location.git();
    Heartbeat heartbeat = ActivityHeartbeat.current();
    TestExecution execution = tests.run(git, pr.headSha(), heartbeat);
    if (execution.fullOutput() != null) {
      // Only the write is retried while PostgreSQL is down: the tests are not run again for it.
      String workflowId = validationWorkflowId(pr);
      database.run(
          "storing the test output",
          heartbeat,
          () ->
              reports.saveTestOutput(
                  workflowId,
                  withoutNul(execution.fullOutput()),
                  execution.run().outputTruncated()));
    }
    return execution.run();
  }

  /** A not-run result for a fork pull request from outside, unless such tests are allowed. */
  private Optional<TestRun> outsideFork(PullRequestRef pr) {
    if (forkTests) {
      return Optional.empty();
    }
    PullRequest live;
    try {
      live = github.read(pr);
    } catch (GitHubException e) {
      throw e.toApplicationFailure();
    }
    if (!live.fromFork() || live.trustedAuthor()) {
      return Optional.empty();
    }
    return Optional.of(
        new TestRun(
            TestRun.NOT_RUN,
            null,
            null,
            0,
            "",
            false,
            "not run: "
                + pr.url()
                + " comes from a fork ("
                + (live.headRepository() == null ? "deleted" : live.headRepository())
                + ") by an author GitHub calls "
                + live.authorAssociation()
                + "; its tests would run outside code on this worker. Rely on github-checks, or"
                + " set PRFLOW_GITHUB_FORK_TESTS=all to run them here"));
  }

  /** The id of the validation run this activity serves (its own workflow when called from one). */
  private static String validationWorkflowId(PullRequestRef pr) {
    try {
      return Activity.getExecutionContext().getInfo().getWorkflowId();
    } catch (IllegalStateException notInActivity) {
      return pr.validationWorkflowId();
    }
  }

  @Override
  public ValidationResult compileReport(ReportRequest request) {
    PrValidationInput input = request.input();
    PullRequestRef pr = input.pr();
    TestRun t = request.tests();
    PrAnalysis a = request.analysis();
    CompiledReport report = compiler.compile(request);
    long id =
        reports.save(
            new ValidationReportRow(
                0,
                request.workflowId(),
                input.taskId(),
                input.attempt(),
                pr.host(),
                pr.repository(),
                pr.number(),
                pr.headSha(),
                report.verdict(),
                withoutNul(report.summary()),
                a.filesChanged(),
                a.additions(),
                a.deletions(),
                a.languages(),
                t.status(),
                t.command(),
                t.exitCode(),
                t.durationMs(),
                withoutNul(t.outputTail()),
                withoutNul(t.reason()),
                null));
    List<DependencyChange> dependencies =
        request.security() == null ? List.of() : request.security().dependencies();
    reports.saveDetails(
        id,
        new ReportDetails(
            report.score(),
            withoutNul(report.markdown()),
            t.counts(),
            report.findings().stream().map(ValidationActivitiesImpl::clean).toList(),
            report.skipped().stream().map(ValidationActivitiesImpl::withoutNul).toList(),
            dependencies));
    return new ValidationResult(
        id,
        report.verdict(),
        report.summary(),
        pr,
        a,
        t,
        report.findings().subList(0, Math.min(FINDINGS_IN_RESULT, report.findings().size())));
  }

  /** PostgreSQL text cannot hold NUL; test output and diff lines sometimes do. */
  static String withoutNul(String s) {
    return s == null ? null : s.replace("\u0000", "");
  }

  private static Finding clean(Finding f) {
    return new Finding(
        f.category(),
        withoutNul(f.file()),
        f.line(),
        f.severity(),
        f.rule(),
        withoutNul(f.message()),
        withoutNul(f.suggestion()));
  }

  static String languageOf(String path) {
    int dot = path.lastIndexOf('.');
    int slash = path.lastIndexOf('/');
    if (dot <= slash + 1) {
      return "Other";
    }
    return LANGUAGES.getOrDefault(path.substring(dot + 1).toLowerCase(Locale.ROOT), "Other");
  }
}
