package dev.prflow.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.CodeHost;
import dev.prflow.activities.localgit.FileStat;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import dev.prflow.activities.store.ValidationReportRow;
import dev.prflow.activities.store.ValidationStore;
import dev.prflow.activities.testing.TestRunner;
import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidationActivitiesImplTest {

  private static Database db;
  private static TaskStore tasks;
  private static ValidationStore reports;

  @TempDir Path temp;

  private ValidationActivitiesImpl activities;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
    tasks = new TaskStore(db.jdbi());
    reports = new ValidationStore(db.jdbi());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @BeforeEach
  void setUp() {
    TestRunner runner =
        new TestRunner(new Worktrees(temp.resolve("work")), null, Duration.ofMinutes(2));
    activities = new ValidationActivitiesImpl(new FixedStats(), runner, reports);
  }

  /** A code host whose pull requests always have the same files. */
  private static final class FixedStats implements CodeHost {
    @Override
    public PullRequestRef open(PullRequestRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String diff(PullRequestRef pr) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close(PullRequestRef pr, String state, String comment) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String merge(PullRequestRef pr) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<FileStat> fileStats(PullRequestRef pr) {
      return List.of(
          new FileStat("src/main/java/demo/Calculator.java", 10, 2, false),
          new FileStat("src/test/java/demo/CalculatorTest.java", 5, 0, false),
          new FileStat("README.md", 1, 1, false),
          new FileStat("config/app.YAML", 3, 0, false),
          new FileStat("Makefile", 2, 0, false),
          new FileStat(".gitignore", 1, 0, false),
          new FileStat("assets/logo.png", 0, 0, true));
    }
  }

  private static PullRequestRef pr(String repository, String headSha) {
    RepositoryLocation location = RepositoryLocation.parse(repository);
    return new PullRequestRef(
        "local",
        location.canonical(),
        location.key(),
        1,
        location.canonical() + "#1",
        "main",
        "prflow/task-1-1",
        "base",
        headSha);
  }

  private long newTask() {
    return TestTasks.insert(tasks, "validated", "local:/tmp/calc");
  }

  private ValidationResult report(String workflowId, Long taskId, TestRun tests) {
    PullRequestRef pr = pr("local:/tmp/calc", "abcdef1234567");
    PrAnalysis analysis = activities.analyzePr(pr);
    return activities.compileReport(
        new ReportRequest(workflowId, new PrValidationInput(pr, taskId, 1), analysis, tests));
  }

  @Test
  void analyzePrCountsFilesLinesAndLanguages() {
    PrAnalysis analysis = activities.analyzePr(pr("local:/tmp/calc", "abc"));

    assertThat(analysis.filesChanged()).isEqualTo(7);
    assertThat(analysis.additions()).isEqualTo(22);
    assertThat(analysis.deletions()).isEqualTo(3);
    assertThat(analysis.files()).contains("README.md", "Makefile").hasSize(7);
    assertThat(analysis.languages())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("Java", 2, "Markdown", 1, "YAML", 1, "Other", 3));
  }

  @Test
  void languageOfUsesTheFileExtensionOnly() {
    assertThat(ValidationActivitiesImpl.languageOf("a/b/Main.java")).isEqualTo("Java");
    assertThat(ValidationActivitiesImpl.languageOf("web/App.TSX")).isEqualTo("TypeScript");
    assertThat(ValidationActivitiesImpl.languageOf(".github/ci.yml")).isEqualTo("YAML");
    assertThat(ValidationActivitiesImpl.languageOf("dir.v2/Makefile")).isEqualTo("Other");
    assertThat(ValidationActivitiesImpl.languageOf("docs/.env")).isEqualTo("Other");
    assertThat(ValidationActivitiesImpl.languageOf("archive.tar.zst")).isEqualTo("Other");
  }

  @Test
  void passedTestsGiveAPassThatIsStored() {
    long task = newTask();
    TestRun passed =
        new TestRun(TestRun.PASSED, "sh run-tests.sh", 0, 1234, "PASS a\n", false, null);

    ValidationResult result = report("validate-pass", task, passed);

    assertThat(result.verdict()).isEqualTo(ValidationResult.PASS);
    assertThat(result.passed()).isTrue();
    assertThat(result.summary())
        .startsWith("pass (score 100): tests passed in 1234 ms")
        .contains("7 files changed (+22 -3)");
    ValidationReportRow row = reports.find(result.reportId()).orElseThrow();
    assertThat(row.workflowId()).isEqualTo("validate-pass");
    assertThat(row.taskId()).isEqualTo(task);
    assertThat(row.attempt()).isEqualTo(1);
    assertThat(row.verdict()).isEqualTo("pass");
    assertThat(row.summary()).isEqualTo(result.summary());
    assertThat(row.repository()).isEqualTo("local:/tmp/calc");
    assertThat(row.prNumber()).isEqualTo(1);
    assertThat(row.headSha()).isEqualTo("abcdef1234567");
    assertThat(row.filesChanged()).isEqualTo(7);
    assertThat(row.additions()).isEqualTo(22);
    assertThat(row.deletions()).isEqualTo(3);
    assertThat(row.languages()).containsEntry("Java", 2).containsEntry("Other", 3);
    assertThat(row.testStatus()).isEqualTo(TestRun.PASSED);
    assertThat(row.testCommand()).isEqualTo("sh run-tests.sh");
    assertThat(row.testExitCode()).isZero();
    assertThat(row.testDurationMs()).isEqualTo(1234L);
    assertThat(row.testOutputTail()).isEqualTo("PASS a\n");
    assertThat(row.testReason()).isNull();
  }

  @Test
  void failedTestsGiveAFail() {
    TestRun failed =
        new TestRun(TestRun.FAILED, "sh run-tests.sh", 1, 50, "FAIL x\n", false, "exited with 1");

    ValidationResult result = report("validate-fail", null, failed);

    assertThat(result.verdict()).isEqualTo(ValidationResult.FAIL);
    assertThat(result.summary()).contains("tests failed (exit 1)");
    ValidationReportRow row = reports.find(result.reportId()).orElseThrow();
    assertThat(row.verdict()).isEqualTo("fail");
    assertThat(row.taskId()).isNull();
    assertThat(row.testExitCode()).isEqualTo(1);
  }

  @Test
  void timedOutTestsGiveAFail() {
    TestRun timedOut = new TestRun(TestRun.TIMED_OUT, "sleep 30", null, 1000, "", false, "slow");

    ValidationResult result = report("validate-timeout", null, timedOut);

    assertThat(result.verdict()).isEqualTo(ValidationResult.FAIL);
    assertThat(result.summary()).contains("tests timed out");
    assertThat(reports.find(result.reportId()).orElseThrow().testExitCode()).isNull();
  }

  @Test
  void testsNotRunNeedChanges() {
    TestRun notRun =
        new TestRun(TestRun.NOT_RUN, null, null, 0, null, false, "no test command configured");

    ValidationResult result = report("validate-not-run", null, notRun);

    assertThat(result.verdict()).isEqualTo(ValidationResult.NEEDS_CHANGES);
    assertThat(result.summary()).contains("tests not run: no test command configured");
    ValidationReportRow row = reports.find(result.reportId()).orElseThrow();
    assertThat(row.verdict()).isEqualTo("needs_changes");
    assertThat(row.testCommand()).isNull();
    assertThat(row.testDurationMs()).isZero();
  }

  @Test
  void aSecondReportForTheSameWorkflowKeepsTheIdAndReplacesTheVerdict() {
    TestRun failed = new TestRun(TestRun.FAILED, "make", 2, 10, "bad", false, "exited with 2");
    TestRun passed = new TestRun(TestRun.PASSED, "make", 0, 20, "good", false, null);

    ValidationResult first = report("validate-retried", null, failed);
    ValidationResult second = report("validate-retried", null, passed);

    assertThat(second.reportId()).isEqualTo(first.reportId());
    ValidationReportRow row = reports.find(second.reportId()).orElseThrow();
    assertThat(row.verdict()).isEqualTo("pass");
    assertThat(row.testOutputTail()).isEqualTo("good");
    assertThat(report("validate-other", null, passed).reportId()).isNotEqualTo(first.reportId());
  }

  @Test
  void runTestsRunsTheRepositoryTestsOnTheHeadCommit() {
    Path repo = DemoRepository.create(temp.resolve("calc"));
    String head = RepositoryLocation.parse("local:" + repo).git().resolve("main").orElseThrow();

    TestRun run = activities.runTests(pr("local:" + repo, head));

    assertThat(run.status()).isEqualTo(TestRun.PASSED);
    assertThat(run.outputTail()).contains("PASS addsTwoNumbers");
  }
}
