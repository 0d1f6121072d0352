package dev.prflow.activities.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.workflows.model.DependencyChange;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import dev.prflow.workflows.model.TestCounts;
import dev.prflow.workflows.model.TestFailure;
import dev.prflow.workflows.model.TestRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportCompilerTest {

  private final ReportCompiler compiler = new ReportCompiler();

  private static final PullRequestRef PR =
      new PullRequestRef(
          "local",
          "local:/repo",
          "repo-abc123",
          4,
          "local:/repo#4",
          "main",
          "prflow/task-1-1",
          "a".repeat(40),
          "b".repeat(40));

  private static ReportRequest request(TestRun tests, ReviewResult review, SecurityResult sec) {
    return new ReportRequest(
        "validate-local-repo-abc123-4-bbbbbbb",
        new PrValidationInput(PR, 1L, 1),
        new PrAnalysis(2, 10, 1, List.of("src/A.java", "config.yml"), Map.of("Java", 1)),
        tests,
        review,
        sec);
  }

  private static TestRun passed() {
    return new TestRun(
        TestRun.PASSED,
        "mvn test",
        0,
        1200,
        "ok",
        false,
        null,
        new TestCounts(12, 0, 1, 0, 2),
        List.of());
  }

  private static TestRun failed() {
    return new TestRun(
        TestRun.FAILED,
        "mvn test",
        1,
        1500,
        "FAIL",
        false,
        "test command exited with 1",
        new TestCounts(11, 1, 0, 0, 2),
        List.of(new TestFailure("demo.CalcTest.adds", "expected 5 but was -1", "CalcTest.java")));
  }

  private static ReviewResult noReview() {
    return new ReviewResult(List.of(), List.of());
  }

  private static SecurityResult clean() {
    return new SecurityResult(List.of(), List.of(), List.of(), List.of());
  }

  private static Finding secret() {
    return new Finding(
        "security",
        "config.yml",
        3,
        Finding.ERROR,
        "aws-access-key-id",
        "AWS access key id AKIA… in config.yml",
        "rotate the key");
  }

  @Test
  void cleanPullRequestPassesWithFullScore() {
    CompiledReport r = compiler.compile(request(passed(), noReview(), clean()));
    assertThat(r.verdict()).isEqualTo("pass");
    assertThat(r.score()).isEqualTo(100);
    assertThat(r.summary()).startsWith("pass (score 100): tests passed (12 passed");
  }

  @Test
  void anySecretFailsEvenWhenTestsPass() {
    CompiledReport r =
        compiler.compile(
            request(
                passed(),
                noReview(),
                new SecurityResult(List.of(secret()), List.of(), List.of(), List.of())));
    assertThat(r.verdict()).isEqualTo("fail");
    assertThat(r.score()).isEqualTo(70);
    assertThat(r.markdown()).contains("`config.yml:3` aws-access-key-id: AWS access key id AKIA…");
  }

  @Test
  void failingTestFailsAndIsListedByName() {
    CompiledReport r = compiler.compile(request(failed(), noReview(), clean()));
    assertThat(r.verdict()).isEqualTo("fail");
    assertThat(r.score()).isEqualTo(60);
    assertThat(r.findings()).extracting(Finding::rule).containsExactly("test-failed");
    assertThat(r.markdown()).contains("`demo.CalcTest.adds`: expected 5 but was -1");
  }

  @Test
  void timeoutFailsWithReasonTimeout() {
    TestRun timedOut =
        new TestRun(TestRun.TIMED_OUT, "sleep 99", null, 2000, "", false, "timeout: killed");
    CompiledReport r = compiler.compile(request(timedOut, noReview(), clean()));
    assertThat(r.verdict()).isEqualTo("fail");
    assertThat(r.summary()).contains("tests timed out (timeout)");
  }

  @Test
  void errorLevelReviewFindingNeedsChangesAndWarningsOnlyCostPoints() {
    Finding error =
        new Finding("review", "src/A.java", 7, Finding.ERROR, "pmd/EmptyCatchBlock", "empty", null);
    Finding warning =
        new Finding("review", "src/A.java", 9, Finding.WARNING, "todo-added", "TODO", null);
    assertThat(
            compiler
                .compile(request(passed(), new ReviewResult(List.of(warning), List.of()), clean()))
                .verdict())
        .isEqualTo("pass");
    CompiledReport r =
        compiler.compile(
            request(passed(), new ReviewResult(List.of(error, warning), List.of()), clean()));
    assertThat(r.verdict()).isEqualTo("needs_changes");
    assertThat(r.score()).isEqualTo(87);
    assertThat(r.findings()).first().isEqualTo(error);
  }

  @Test
  void reviewCostIsCappedSoOneNoisyCheckCannotZeroTheScore() {
    List<Finding> many =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(i -> new Finding("review", "A.java", i, Finding.WARNING, "r", "m", null))
            .toList();
    assertThat(
            compiler.compile(request(passed(), new ReviewResult(many, List.of()), clean())).score())
        .isEqualTo(70);
  }

  @Test
  void aScanOrReviewThatCouldNotRunNeverPasses() {
    SecurityResult scanFailed =
        new SecurityResult(
            List.of(), List.of(), List.of(), List.of(SecurityResult.COULD_NOT_RUN + "timed out"));
    ReviewResult reviewFailed =
        new ReviewResult(List.of(), List.of(ReviewResult.COULD_NOT_RUN + "timed out"));

    assertThat(compiler.compile(request(passed(), noReview(), scanFailed)).verdict())
        .isEqualTo("needs_changes");
    assertThat(compiler.compile(request(passed(), reviewFailed, clean())).verdict())
        .isEqualTo("needs_changes");
  }

  @Test
  void testsNotRunNeedChanges() {
    TestRun notRun = new TestRun(TestRun.NOT_RUN, null, null, 0, null, false, "no test command");
    CompiledReport r = compiler.compile(request(notRun, noReview(), clean()));
    assertThat(r.verdict()).isEqualTo("needs_changes");
    assertThat(r.score()).isEqualTo(80);
  }

  @Test
  void markdownGroupsByCategoryAndListsDependenciesAndSkips() {
    SecurityResult sec =
        new SecurityResult(
            List.of(),
            List.of(
                new Finding(
                    "risk",
                    "app.py",
                    4,
                    Finding.WARNING,
                    "tls-verify-disabled",
                    "verify=False",
                    "keep TLS verification on")),
            List.of(
                new DependencyChange("package.json", "lodash", "4.17.20", "4.17.21", "upgraded")),
            List.of("binary file logo.png not scanned"));
    CompiledReport r = compiler.compile(request(passed(), noReview(), sec));
    assertThat(r.markdown())
        .contains("## Tests")
        .contains("### Secrets (0)")
        .contains("### Risky code (1)")
        .contains("`app.py:4` tls-verify-disabled: verify=False — keep TLS verification on")
        .contains("| `package.json` | `lodash` | upgraded | 4.17.20 | 4.17.21 |")
        .contains("## Skipped")
        .contains("binary file logo.png not scanned")
        .startsWith("<!-- prflow-report -->");
    assertThat(r.skipped()).containsExactly("binary file logo.png not scanned");
  }
}
