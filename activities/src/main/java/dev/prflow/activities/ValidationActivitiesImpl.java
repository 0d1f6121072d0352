package dev.prflow.activities;

import dev.prflow.activities.localgit.CodeHost;
import dev.prflow.activities.localgit.FileStat;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.store.ValidationReportRow;
import dev.prflow.activities.store.ValidationStore;
import dev.prflow.activities.testing.TestRunner;
import dev.prflow.workflows.ValidationActivities;
import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  private final CodeHost host;
  private final TestRunner tests;
  private final ValidationStore reports;

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

  @Override
  public TestRun runTests(PullRequestRef pr) {
    RepositoryLocation location = RepositoryLocation.parse(pr.repository());
    return tests.run(location.git(), pr.headSha(), ActivityHeartbeat.current()).run();
  }

  @Override
  public ValidationResult compileReport(ReportRequest request) {
    PrValidationInput input = request.input();
    PullRequestRef pr = input.pr();
    TestRun t = request.tests();
    PrAnalysis a = request.analysis();
    String verdict =
        switch (t.status()) {
          case TestRun.PASSED -> ValidationResult.PASS;
          case TestRun.NOT_RUN -> ValidationResult.NEEDS_CHANGES;
          default -> ValidationResult.FAIL;
        };
    String summary = summary(verdict, t, a);
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
                verdict,
                summary,
                a.filesChanged(),
                a.additions(),
                a.deletions(),
                a.languages(),
                t.status(),
                t.command(),
                t.exitCode(),
                t.durationMs(),
                t.outputTail(),
                t.reason(),
                null));
    return new ValidationResult(id, verdict, summary, pr, a, t);
  }

  static String summary(String verdict, TestRun t, PrAnalysis a) {
    String change =
        a.filesChanged() + " files changed (+" + a.additions() + " -" + a.deletions() + ")";
    String tests =
        switch (t.status()) {
          case TestRun.PASSED -> "tests passed in " + t.durationMs() + " ms";
          case TestRun.FAILED -> "tests failed (exit " + t.exitCode() + ")";
          case TestRun.TIMED_OUT -> "tests timed out";
          case TestRun.NOT_RUN -> "tests not run: " + t.reason();
          default -> "tests could not run: " + t.reason();
        };
    return verdict + ": " + tests + "; " + change;
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
