package dev.prflow.activities.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.diff.UnifiedDiff;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.ReviewResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class CodeReviewerTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;

  private final CodeReviewer reviewer = new CodeReviewer();

  @Test
  void givenARealPullRequest_findingsPointAtTheAddedLinesOnly() {
    ReviewRepo repo = ReviewRepo.create(dir);
    repo.write(
            "src/main/java/app/Service.java",
            """
            package app;

            class Service {
              // TODO: old marker, already on main
              int handle(String input) {
                System.out.println(input);
                return input.length();
              }
            }
            """)
        .write("package.json", "{ \"dependencies\": {} }\n")
        .write("package-lock.json", "{}\n")
        .commitBase();
    repo.write(
            "src/main/java/app/Service.java",
            """
            package app;

            class Service {
              // TODO: old marker, already on main
              int handle(String input) {
                System.out.println(input);
                return input.length();
              }

              int parse(String input) {
                // FIXME: negative numbers
                try {
                  return Integer.parseInt(input);
                } catch (NumberFormatException e) {
                  e.printStackTrace();
                }
                return 0;
              }
            }
            """)
        .write("package.json", "{ \"dependencies\": { \"left-pad\": \"1.3.0\" } }\n")
        .write("assets/logo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1, 2, 3});
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, null);

    assertThat(result.findings())
        .extracting(Finding::file, Finding::line, Finding::rule, Finding::severity)
        .containsExactly(
            tuple(null, null, "source-without-tests", "warning"),
            tuple("assets/logo.png", null, "binary-file", "info"),
            tuple("package.json", null, "lockfile-drift", "warning"),
            tuple("src/main/java/app/Service.java", 11, "todo-added", "info"),
            tuple("src/main/java/app/Service.java", 15, "debug-output", "warning"));
    assertThat(result.findings()).allSatisfy(f -> assertThat(f.category()).isEqualTo("review"));
    assertThat(result.skipped()).isEmpty();
  }

  @Test
  void givenNoFilesOrNoConfig_anEmptyReview() {
    assertThat(reviewer.review(dir, List.of(), null).findings()).isEmpty();
    assertThat(reviewer.review(dir, null, MissingNode.getInstance()).findings()).isEmpty();
    assertThat(reviewer.review(null, List.of(), null).skipped())
        .containsExactly(
            "head tree not available: large-file sizes and missing lockfiles were not checked");
  }

  @Test
  void givenALiteralDiff_allRulesWorkWithoutAHeadTreeCheckout() throws IOException {
    String diff =
        """
        diff --git a/web/src/app.ts b/web/src/app.ts
        index 1111111..2222222 100644
        --- a/web/src/app.ts
        +++ b/web/src/app.ts
        @@ -40,2 +40,4 @@ export function start() {
           const state = load();
        +  console.log('state', state);
        +  // XXX remove before release
           render(state);
        """;

    ReviewResult result =
        reviewer.review(
            dir, UnifiedDiff.parse(diff), YAML.readTree("rules: { debug-output: error }"));

    assertThat(result.findings())
        .extracting(Finding::file, Finding::line, Finding::rule, Finding::severity)
        .containsExactly(
            tuple(null, null, "source-without-tests", "warning"),
            tuple("web/src/app.ts", 41, "debug-output", "error"),
            tuple("web/src/app.ts", 42, "todo-added", "info"));
  }

  @Test
  void findingsOfOneRuleAreCapped_andTheRestCountedInSkipped() {
    String[] lines = new String[150];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = "x = " + i + "  # TODO item " + i;
    }

    ReviewResult result =
        reviewer.review(dir, List.of(Diffs.added("tests/test_x.py", lines)), null);

    assertThat(result.findings()).hasSize(FindingCollector.MAX_PER_RULE);
    assertThat(result.findings().get(99).line()).isEqualTo(100);
    assertThat(result.skipped())
        .containsExactly("todo-added: 50 more findings not listed (only the first 100 are kept)");
  }

  // A bound against a hang (catastrophic backtracking takes hours), not a speed target: speed is
  // measured in bench/, and this machine may be loaded.
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void givenA50MbDiff_theReviewCompletesWithItsFindings() {
    StringBuilder diff = new StringBuilder(52 * 1024 * 1024);
    int files = 40;
    int linesPerFile = 16_000;
    for (int f = 0; f < files; f++) {
      String path = "src/main/java/gen/Gen" + f + ".java";
      diff.append("diff --git a/")
          .append(path)
          .append(" b/")
          .append(path)
          .append("\nnew file mode 100644\n--- /dev/null\n+++ b/")
          .append(path)
          .append("\n@@ -0,0 +1,")
          .append(linesPerFile)
          .append(" @@\n");
      for (int i = 0; i < linesPerFile; i++) {
        diff.append("+    // if (value").append(i).append(" == other) { compute(value); } TODO ");
        diff.append("y".repeat(20)).append('\n');
      }
    }
    assertThat(diff.length()).isGreaterThan(50_000_000);
    List<FileDiff> parsed = UnifiedDiff.parse(diff.toString());

    ReviewResult result = reviewer.review(dir, parsed, null);

    assertThat(result.findings())
        .extracting(Finding::rule)
        .contains("large-pr", "source-without-tests", "todo-added", "commented-out-code");
    assertThat(result.skipped())
        .contains(
            "src/main/java/gen/Gen0.java: not a regular file in the head tree; not analysed by PMD");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void givenA10MbSingleLineJavaFile_itIsSkippedByPmd_andNoted() {
    ReviewRepo repo = ReviewRepo.create(dir);
    String line = "class Minified { String s = \"" + "a".repeat(10 * 1024 * 1024) + "\"; }";
    repo.write("src/main/java/Minified.java", line + "\n");
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, null);

    assertThat(result.skipped())
        .contains(
            "src/main/java/Minified.java: 1 lines longer than 20000 characters were checked in"
                + " their first 20000 only",
            "src/main/java/Minified.java: 10240 KB is over PMD's limit of 2048 KB; not analysed by"
                + " PMD");
    assertThat(result.findings())
        .extracting(Finding::rule, Finding::message)
        .contains(tuple("large-file", "Large file added: 10241 KB (limit 500 KB)"));
  }

  @Test
  void givenPathsThatLeaveTheTree_nothingOutsideIsRead() {
    List<FileDiff> files =
        List.of(
            Diffs.added("../../etc/Escape.java", "class Escape {}"),
            Diffs.added("../package.json", "{}"));

    ReviewResult result = reviewer.review(dir.resolve("repo"), files, null);

    assertThat(result.skipped())
        .contains(
            "../../etc/Escape.java: not a regular file in the head tree; not analysed by PMD");
    assertThat(result.findings()).extracting(Finding::rule).doesNotContain("large-file");
  }

  @Test
  void givenInvalidUtf8AndBinaryInTheDiff_noCrash() {
    ReviewRepo repo = ReviewRepo.create(dir);
    byte[] latin1 =
        "name = 'caf\u00e9'  # TODO fix encoding\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    byte[] binary = new byte[2048];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    repo.write("tools/latin.py", latin1).write("tools/blob.dat", binary);
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, null);

    List<Object> rules = new ArrayList<>();
    result.findings().forEach(f -> rules.add(f.file() + ":" + f.line() + ":" + f.rule()));
    assertThat(rules)
        .containsExactly(
            "null:null:source-without-tests",
            "tools/blob.dat:null:binary-file",
            "tools/latin.py:1:todo-added");
  }
}
