package dev.prflow.activities.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.ReviewResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.sourceforge.pmd.lang.rule.Rule;
import net.sourceforge.pmd.lang.rule.RulePriority;
import net.sourceforge.pmd.lang.rule.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PmdReviewTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path dir;

  private final CodeReviewer reviewer = new CodeReviewer();

  @Test
  void curatedRuleset_loadsEveryReferencedRule_withoutDeprecationsOrErrors() throws IOException {
    List<String> referenced = referencedRuleNames();
    PmdReview.CollectingReporter reporter = new PmdReview.CollectingReporter();

    RuleSet rules = PmdReview.loadRuleSet(reporter);

    assertThat(reporter.errors).isEmpty();
    assertThat(reporter.warnings).isEmpty();
    assertThat(referenced).hasSizeBetween(20, 30).doesNotHaveDuplicates();
    assertThat(rules.getRules())
        .extracting(Rule::getName)
        .containsExactlyInAnyOrderElementsOf(referenced);
    assertThat(rules.getRules())
        .allSatisfy(
            rule -> {
              assertThat(rule.getLanguage().getId()).isEqualTo("java");
              assertThat(rule.getDescription())
                  .as(rule.getName())
                  .doesNotContain("**")
                  .hasSizeLessThan(200);
            });
    assertThat(PmdReview.ruleNames()).containsExactlyInAnyOrderElementsOf(referenced);
  }

  @Test
  void curatedRuleset_leavesPrintingToTheDebugOutputRule() {
    assertThat(PmdReview.ruleNames())
        .doesNotContain("SystemPrintln", "AvoidPrintStackTrace")
        .contains("EmptyCatchBlock", "CloseResource", "HardCodedCryptoKey", "DoubleCheckedLocking");
  }

  @Test
  void severityOf_mapsPmdPriorities() {
    assertThat(Arrays.stream(RulePriority.values()).map(PmdReview::severityOf))
        .containsExactly("error", "error", "warning", "info", "info");
  }

  @Test
  void givenEmptyCatchAddedOnLine14_itIsReportedThere_andThePreExistingOneIsNot() {
    ReviewRepo repo = ReviewRepo.create(dir);
    repo.write(
            "src/main/java/app/Loader.java",
            """
            package app;

            class Loader {
              void load() {
                try {
                  Thread.sleep(1);
                } catch (InterruptedException e) {
                }
              }
            }
            """)
        .commitBase();
    repo.write(
        "src/main/java/app/Loader.java",
        """
        package app;

        class Loader {
          void load() {
            try {
              Thread.sleep(1);
            } catch (InterruptedException e) {
            }
          }

          void save() {
            try {
              Thread.sleep(2);
            } catch (InterruptedException e) {
            }
          }
        }
        """);
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, null);

    assertThat(pmd(result))
        .extracting(Finding::file, Finding::line, Finding::rule, Finding::severity)
        .containsExactly(
            tuple("src/main/java/app/Loader.java", 14, "pmd/EmptyCatchBlock", "warning"));
    Finding finding = pmd(result).get(0);
    assertThat(finding.category()).isEqualTo("review");
    assertThat(finding.suggestion()).startsWith("An empty catch block silently drops the error");
    assertThat(finding.suggestion()).contains("https://docs.pmd-code.org/");
  }

  /** The ruleset is loaded once and shared: reviews at once each find what one alone finds. */
  @Test
  void reviewsRunningAtOnceEachFindWhatOneReviewAloneFinds() throws Exception {
    ReviewRepo repo = ReviewRepo.create(dir);
    repo.write("src/main/java/app/Loader.java", "package app;\n\nclass Loader {}\n").commitBase();
    repo.write(
        "src/main/java/app/Loader.java",
        """
        package app;

        class Loader {
          void save() {
            try {
              Thread.sleep(2);
            } catch (InterruptedException e) {
            }
          }
        }
        """);
    List<FileDiff> diff = repo.commitHeadAndDiff();
    List<Finding> alone = pmd(reviewer.review(repo.dir(), diff, null));

    var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<List<Finding>>> at = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        at.add(pool.submit(() -> pmd(new CodeReviewer().review(repo.dir(), diff, null))));
      }
      assertThat(alone)
          .extracting(Finding::line, Finding::rule)
          .containsExactly(tuple(7, "pmd/EmptyCatchBlock"));
      for (var result : at) {
        assertThat(result.get(2, java.util.concurrent.TimeUnit.MINUTES)).isEqualTo(alone);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void givenAddedUnclosedStream_closeResourceResolvesJdkTypes() {
    ReviewRepo repo = ReviewRepo.create(dir);
    repo.write(
        "src/main/java/app/Reader.java",
        """
        package app;

        import java.io.FileInputStream;
        import java.io.IOException;

        class Reader {
          int first(String path) throws IOException {
            FileInputStream in = new FileInputStream(path);
            return in.read();
          }
        }
        """);
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, null);

    assertThat(pmd(result))
        .extracting(Finding::line, Finding::rule)
        .containsExactly(tuple(8, "pmd/CloseResource"));
  }

  @Test
  void prioritiesBecomeSeverities_errorForCryptoKey_infoForUnusedLocal() {
    ReviewRepo repo = ReviewRepo.create(dir);
    repo.write(
        "src/main/java/app/Crypto.java",
        """
        package app;

        import javax.crypto.spec.SecretKeySpec;

        class Crypto {
          SecretKeySpec key() {
            int count = 42;
            return new SecretKeySpec("0123456789abcdef".getBytes(), "AES");
          }
        }
        """);
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, null);

    assertThat(pmd(result))
        .extracting(Finding::line, Finding::rule, Finding::severity)
        .contains(
            tuple(7, "pmd/UnusedLocalVariable", "info"),
            tuple(8, "pmd/HardCodedCryptoKey", "error"));
  }

  @Test
  void givenPmdRuleDisabledOrReSevered_configIsApplied() throws IOException {
    ReviewRepo repo = ReviewRepo.create(dir);
    repo.write(
        "src/main/java/app/Crypto.java",
        """
        package app;

        class Crypto {
          void run() {
            int count = 42;
            try {
              Thread.sleep(1);
            } catch (InterruptedException e) {
            }
          }
        }
        """);
    List<FileDiff> diff = repo.commitHeadAndDiff();
    JsonNode config =
        YAML.readTree(
            """
            rules:
              pmd/UnusedLocalVariable: { enabled: false }
              pmd/EmptyCatchBlock: { severity: error }
            """);

    ReviewResult result = reviewer.review(repo.dir(), diff, config);

    assertThat(pmd(result))
        .extracting(Finding::line, Finding::rule, Finding::severity)
        .containsExactly(tuple(8, "pmd/EmptyCatchBlock", "error"));
  }

  @Test
  void givenPmdTurnedOff_noPmdFindings_andTheSkipIsSaid() throws IOException {
    ReviewRepo repo = ReviewRepo.create(dir);
    repo.write("src/main/java/app/A.java", "class A { void f() { int count = 1; } }\n");
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, YAML.readTree("pmd: false"));

    assertThat(pmd(result)).isEmpty();
    assertThat(result.skipped()).contains("pmd: turned off by review.pmd in .prflow.yml");
  }

  @Test
  void givenUnparseableJava_itIsNotedInSkipped_andOtherFilesAreStillAnalysed() {
    ReviewRepo repo = ReviewRepo.create(dir);
    repo.write("src/main/java/app/Broken.java", "class Broken { void f( { int x = ; }\n");
    repo.write("src/main/java/app/Fine.java", "class Fine {\n  void f() { int count = 1; }\n}\n");
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, null);

    assertThat(result.skipped())
        .anySatisfy(
            note ->
                assertThat(note)
                    .startsWith("src/main/java/app/Broken.java: PMD could not analyse it"));
    assertThat(pmd(result))
        .extracting(Finding::file, Finding::line, Finding::rule)
        .containsExactly(tuple("src/main/java/app/Fine.java", 2, "pmd/UnusedLocalVariable"));
  }

  @Test
  void givenNewerJavaSyntax_itParses() {
    ReviewRepo repo = ReviewRepo.create(dir);
    repo.write(
        "src/main/java/app/Shapes.java",
        """
        package app;

        sealed interface Shape permits Circle, Square {}
        record Circle(double r) implements Shape {}
        record Square(double side) implements Shape {}

        class Shapes {
          static double area(Shape shape) {
            return switch (shape) {
              case Circle c -> Math.PI * c.r() * c.r();
              case Square s -> s.side() * s.side();
            };
          }

          static String describe(Object o) {
            var text = \"\"\"
                shape
                \"\"\";
            return o instanceof Circle c ? text + c.r() : text;
          }
        }
        """);
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, null);

    assertThat(result.skipped()).noneMatch(note -> note.contains("Shapes.java"));
  }

  @Test
  void onlyChangedJavaFilesAreAnalysed_deletedAndOversizedOnesAreNot() {
    ReviewRepo repo = ReviewRepo.create(dir);
    repo.write("src/Gone.java", "class Gone { void f() { int count = 1; } }\n")
        .write("src/Same.java", "class Same { void f() { int count = 1; } }\n")
        .commitBase();
    StringBuilder huge = new StringBuilder("class Huge { void f() { int count = 1; } }\n//");
    huge.append("x".repeat((int) PmdReview.MAX_FILE_BYTES));
    repo.delete("src/Gone.java").write("src/Huge.java", huge.append('\n').toString());
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, null);

    assertThat(pmd(result)).isEmpty();
    assertThat(result.skipped())
        .anySatisfy(
            note ->
                assertThat(note)
                    .startsWith("src/Huge.java: 2048 KB is over PMD's limit of 2048 KB"));
  }

  @Test
  void givenInvalidUtf8InAJavaFile_itIsStillAnalysed() {
    ReviewRepo repo = ReviewRepo.create(dir);
    byte[] head =
        "class Bytes {\n  // caf\u00e9 \n  void f() { int count = 1; }\n}\n"
            .getBytes(StandardCharsets.ISO_8859_1);
    repo.write("src/Bytes.java", head);
    List<FileDiff> diff = repo.commitHeadAndDiff();

    ReviewResult result = reviewer.review(repo.dir(), diff, null);

    assertThat(pmd(result))
        .extracting(Finding::line, Finding::rule)
        .containsExactly(tuple(3, "pmd/UnusedLocalVariable"));
  }

  @Test
  void givenNoHeadTree_pmdIsSkippedWithANote() {
    List<FileDiff> diff = List.of(Diffs.added("src/A.java", "class A {}"));

    ReviewResult result = reviewer.review(null, diff, null);

    assertThat(pmd(result)).isEmpty();
    assertThat(result.skipped())
        .contains("pmd: head tree not available; Java files were not analysed");
  }

  private static List<Finding> pmd(ReviewResult result) {
    return result.findings().stream().filter(f -> f.rule().startsWith("pmd/")).toList();
  }

  private static List<String> referencedRuleNames() throws IOException {
    try (InputStream in =
        PmdReviewTest.class.getClassLoader().getResourceAsStream(PmdReview.RULESET)) {
      assertThat(in).as(PmdReview.RULESET).isNotNull();
      String xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      Matcher m = Pattern.compile("<rule ref=\"category/java/\\w+\\.xml/(\\w+)\"").matcher(xml);
      List<String> names = new ArrayList<>();
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    }
  }
}
