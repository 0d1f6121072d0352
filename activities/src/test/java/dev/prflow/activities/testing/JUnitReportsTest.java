package dev.prflow.activities.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.workflows.model.TestCounts;
import dev.prflow.workflows.model.TestFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JUnitReportsTest {

  private static final String SUREFIRE = "surefire-TEST-demo.CalculatorTest.xml";
  private static final String SUREFIRE_PATH =
      "target/surefire-reports/TEST-demo.CalculatorTest.xml";

  @TempDir Path tree;

  private Path copy(String resource, String path) throws IOException {
    Path target = tree.resolve(path);
    Files.createDirectories(target.getParent());
    try (InputStream in = JUnitReportsTest.class.getResourceAsStream("/testing/" + resource)) {
      assertThat(in).as("resource %s", resource).isNotNull();
      Files.copy(in, target);
    }
    return target;
  }

  private Path write(String path, String content) throws IOException {
    Path target = tree.resolve(path);
    Files.createDirectories(target.getParent());
    return Files.writeString(target, content);
  }

  private static String suite(String name, String cases) {
    return "<testsuite name=\"" + name + "\">" + cases + "</testsuite>";
  }

  private static String passing(String cls, String method) {
    return "<testcase classname=\"" + cls + "\" name=\"" + method + "\"/>";
  }

  private static String failing(String cls, String method, String message) {
    return "<testcase classname=\""
        + cls
        + "\" name=\""
        + method
        + "\"><failure message=\""
        + message
        + "\"/></testcase>";
  }

  @Test
  void surefireReportCountsEveryOutcome() throws IOException {
    copy(SUREFIRE, SUREFIRE_PATH);

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.counts()).isEqualTo(new TestCounts(2, 1, 1, 1, 1));
    assertThat(summary.failures())
        .extracting(TestFailure::name, TestFailure::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "demo.CalculatorTest.divides", "seven halves ==> expected: <4> but was: <3>"),
            org.assertj.core.groups.Tuple.tuple(
                "demo.CalculatorTest.parses",
                "java.lang.NumberFormatException: For input string: \"x\""));
    assertThat(summary.notes()).isEmpty();
  }

  @Test
  void aFailingJavaTestPointsAtItsSourceFileInItsModule() throws IOException {
    copy(SUREFIRE, "core/" + SUREFIRE_PATH);
    write("core/src/test/java/demo/CalculatorTest.java", "class CalculatorTest {}\n");

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.failures())
        .extracting(TestFailure::file)
        .containsOnly("core/src/test/java/demo/CalculatorTest.java");
  }

  @Test
  void withoutItsSourceFileAFailureHasNoFile() throws IOException {
    copy(SUREFIRE, SUREFIRE_PATH);

    assertThat(JUnitReports.read(tree).failures())
        .extracting(TestFailure::file)
        .containsOnlyNulls();
  }

  @Test
  void pytestReportInAScratchDirectoryIsRead(@TempDir Path scratch) throws IOException {
    Path report = scratch.resolve("pytest-junit.xml");
    try (InputStream in = getClass().getResourceAsStream("/testing/pytest-junit.xml")) {
      Files.copy(in, report);
    }
    write("tests/test_calc.py", "def test_divide(): pass\n");

    TestReportSummary summary = JUnitReports.read(tree, List.of(report), Map.of());

    assertThat(summary.counts()).isEqualTo(new TestCounts(2, 1, 1, 0, 1));
    assertThat(summary.failures())
        .containsExactly(
            new TestFailure("tests.test_calc.test_divide", "assert 3 == 4", "tests/test_calc.py"));
  }

  @Test
  void jestJunitReportUsesTheTestNameOnceAndItsFileAttribute() throws IOException {
    copy("jest-junit.xml", "junit.xml");

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.counts()).isEqualTo(new TestCounts(2, 1, 0, 0, 1));
    assertThat(summary.failures())
        .containsExactly(
            new TestFailure(
                "calculator divides",
                "Error: expect(received).toBe(expected) // Object.is equality",
                "src/calculator.test.js"));
  }

  @Test
  void gradleAndFailsafeAndReportsJunitDirectoriesAreFound() throws IOException {
    write(
        "app/build/test-results/test/TEST-app.ATest.xml",
        suite("app.ATest", passing("app.ATest", "a")));
    write("target/failsafe-reports/TEST-it.BTest.xml", suite("it.BTest", passing("it.BTest", "b")));
    write("reports/junit/results.xml", suite("c", passing("c", "c")));
    write("web/junit-web.xml", suite("d", passing("d", "d")));

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.counts()).isEqualTo(new TestCounts(4, 0, 0, 0, 4));
  }

  @Test
  void filesThatAreNotTestResultsAreLeftAlone() throws IOException {
    String fixture = suite("fixture", failing("f", "f", "fixture"));
    write("src/test/resources/junit-sample.xml", fixture);
    write("target/test-classes/junit-sample.xml", fixture);
    write("node_modules/some-lib/junit.xml", fixture);
    write("target/surefire-reports/demo.CalculatorTest.txt", "not xml");
    write("target/other.xml", fixture);
    write("junit-platform.xml", "<configuration><option/></configuration>");

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.counts()).isNull();
    assertThat(summary.failures()).isEmpty();
    assertThat(summary.notes()).isEmpty();
  }

  @Test
  void aMalformedReportIsNotedAndTheOthersStillCount() throws IOException {
    copy(SUREFIRE, SUREFIRE_PATH);
    write("target/surefire-reports/TEST-demo.Broken.xml", "<testsuite name=\"x\"><testcase");

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.counts()).isEqualTo(new TestCounts(2, 1, 1, 1, 1));
    assertThat(summary.notes())
        .containsExactly(
            "1 malformed JUnit report(s) ignored: target/surefire-reports/TEST-demo.Broken.xml");
  }

  @Test
  void externalEntitiesAreNeverResolved(@TempDir Path outside) throws IOException {
    Path secret = Files.writeString(outside.resolve("secret.txt"), "TOP-SECRET-VALUE");
    write(
        "junit.xml",
        "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE testsuite [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + "<testsuite name=\"x\"><testcase classname=\"a\" name=\"b\">"
            + "<failure message=\"&xxe;\">&xxe;</failure></testcase></testsuite>");

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.failures())
        .noneMatch(f -> String.valueOf(f.message()).contains("TOP-SECRET"));
    assertThat(summary.counts()).isNull();
    assertThat(summary.notes()).containsExactly("1 malformed JUnit report(s) ignored: junit.xml");
  }

  @Test
  void entityExpansionBombsAreRefused() throws IOException {
    write(
        "junit.xml",
        "<?xml version=\"1.0\"?><!DOCTYPE t [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
            + "<testsuite name=\"x\"><testcase classname=\"a\" name=\"b\">"
            + "<failure message=\"&c;\"/></testcase></testsuite>");

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.counts()).isNull();
    assertThat(summary.notes()).singleElement().asString().contains("malformed");
  }

  @Test
  void suitesInAnAggregateFileAreNotCountedTwice() throws IOException {
    copy(SUREFIRE, SUREFIRE_PATH);
    write(
        "target/junit-aggregate.xml",
        "<testsuites>"
            + suite("demo.CalculatorTest", passing("demo.CalculatorTest", "adds"))
            + suite("web", failing("web", "renders", "blank page"))
            + "</testsuites>");

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.counts()).isEqualTo(new TestCounts(2, 2, 1, 1, 2));
    assertThat(summary.failures())
        .extracting(TestFailure::name)
        .containsExactly(
            "demo.CalculatorTest.divides", "demo.CalculatorTest.parses", "web.renders");
  }

  @Test
  void aFileNamedTwiceIsReadOnce() throws IOException {
    Path report = copy("jest-junit.xml", "junit.xml");

    TestReportSummary summary = JUnitReports.read(tree, List.of(report), Map.of());

    assertThat(summary.counts()).isEqualTo(new TestCounts(2, 1, 0, 0, 1));
  }

  @Test
  void reportsTheRunDidNotTouchAreIgnored() throws IOException {
    write("junit.xml", suite("old", failing("old", "stale", "committed by mistake")));
    write("reports/junit/fresh.xml", suite("fresh", passing("fresh", "ok")));
    Map<Path, String> before = JUnitReports.snapshot(tree);
    write("reports/junit/fresh.xml", suite("fresh", passing("fresh", "ok") + passing("f", "two")));
    write("target/surefire-reports/TEST-n.New.xml", suite("n.New", passing("n.New", "new")));

    TestReportSummary summary = JUnitReports.read(tree, List.of(), before);

    assertThat(summary.counts()).isEqualTo(new TestCounts(3, 0, 0, 0, 2));
  }

  @Test
  void onlyTheFirstFiftyFailuresAreListed() throws IOException {
    StringBuilder cases = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      cases.append(failing("many.Test", "t" + i, "boom " + i));
    }
    write("junit.xml", suite("many.Test", cases.toString()));

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.counts().failed()).isEqualTo(60);
    assertThat(summary.failures()).hasSize(JUnitReports.MAX_FAILURES);
    assertThat(summary.failures().get(49).name()).isEqualTo("many.Test.t49");
    assertThat(summary.notes()).containsExactly("10 more failing test(s) not listed");
  }

  @Test
  void messagesAreTheirFirstLineAndAtMost500Characters() throws IOException {
    String longLine = "x".repeat(800);
    write(
        "junit.xml",
        suite(
            "s",
            failing("s", "long", longLine)
                + "<testcase classname=\"s\" name=\"multi\"><error>\n\n  first line  \nsecond"
                + "</error></testcase>"
                + "<testcase classname=\"s\" name=\"typed\"><failure type=\"AssertionError\"/>"
                + "</testcase>"));

    List<TestFailure> failures = JUnitReports.read(tree).failures();

    assertThat(failures.get(0).message()).hasSize(500).startsWith("xxx").endsWith("…");
    assertThat(failures.get(1).message()).isEqualTo("first line");
    assertThat(failures.get(2).message()).isEqualTo("AssertionError");
  }

  @Test
  void reportsOver20MegabytesAreSkipped() throws IOException {
    Path big = write("target/surefire-reports/TEST-big.xml", "");
    byte[] chunk = ("<!-- " + "x".repeat(1018) + " -->\n").getBytes();
    try (OutputStream out = Files.newOutputStream(big)) {
      out.write("<testsuite name=\"big\">".getBytes());
      for (long written = 0; written <= JUnitReports.MAX_REPORT_BYTES; written += chunk.length) {
        out.write(chunk);
      }
      out.write("</testsuite>".getBytes());
    }
    copy("jest-junit.xml", "junit.xml");

    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary.counts().reports()).isEqualTo(1);
    assertThat(summary.notes())
        .containsExactly(
            "1 JUnit report(s) over 20 MB skipped: target/surefire-reports/TEST-big.xml");
  }

  @Test
  void anEmptyTreeHasNoCounts() {
    TestReportSummary summary = JUnitReports.read(tree);

    assertThat(summary).isEqualTo(TestReportSummary.none());
  }
}
