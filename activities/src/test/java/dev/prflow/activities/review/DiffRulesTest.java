package dev.prflow.activities.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.diff.FileDiff.ChangeType;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.ReviewResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DiffRulesTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TempDir Path headTree;

  // --- large-pr

  @Test
  void givenMoreThan800ChangedLines_largePrFires_butNotAtExactly800() {
    assertThat(findings(List.of(Diffs.churn("src/a.txt", 500, 301)), "large-pr"))
        .extracting(Finding::file, Finding::line, Finding::severity, Finding::message)
        .containsExactly(
            tuple(
                null,
                null,
                "warning",
                "Large pull request: 801 changed lines (limit 800, lockfiles not counted)"));
    assertThat(findings(List.of(Diffs.churn("src/a.txt", 500, 300)), "large-pr")).isEmpty();
  }

  @Test
  void givenMoreThan50Files_largePrFires() {
    List<FileDiff> files = new ArrayList<>();
    for (int i = 0; i < 51; i++) {
      files.add(Diffs.churn("docs/page" + i + ".md", 1, 0));
    }

    assertThat(findings(files, "large-pr"))
        .extracting(Finding::message)
        .containsExactly("Large pull request: 51 changed files (limit 50)");
  }

  @Test
  void lockfileLinesDoNotMakeAPullRequestLarge() {
    List<FileDiff> files =
        List.of(Diffs.churn("package-lock.json", 5000, 4000), Diffs.churn("package.json", 1, 1));

    assertThat(findings(files, "large-pr")).isEmpty();
  }

  @Test
  void largePrLimitsAreConfigurable() {
    List<FileDiff> files = List.of(Diffs.churn("src/a.txt", 6, 5), Diffs.churn("src/b.txt", 1, 0));

    assertThat(
            findings(
                files, "large-pr", "rules: { large-pr: { max_changed_lines: 10, max_files: 1 } }"))
        .extracting(Finding::message)
        .containsExactly(
            "Large pull request: 12 changed lines (limit 10, lockfiles not counted) and 2 changed"
                + " files (limit 1)");
  }

  // --- source-without-tests

  @Test
  void givenSourceChangedWithoutTests_sourceWithoutTestsFires() {
    List<FileDiff> files =
        List.of(
            Diffs.modified("src/main/java/app/Service.java", 3, "int x = 1;"),
            Diffs.modified("README.md", 1, "docs"));

    assertThat(findings(files, "source-without-tests"))
        .extracting(Finding::file, Finding::line, Finding::severity, Finding::message)
        .containsExactly(
            tuple(
                null,
                null,
                "warning",
                "1 source file changed (src/main/java/app/Service.java) but no test file"));
  }

  @Test
  void givenATestChangedToo_orOnlyNonSourceChanged_sourceWithoutTestsIsQuiet() {
    assertThat(
            findings(
                List.of(
                    Diffs.modified("src/main/java/app/Service.java", 3, "int x = 1;"),
                    Diffs.modified("src/test/java/app/ServiceTest.java", 9, "assert x;")),
                "source-without-tests"))
        .isEmpty();
    assertThat(
            findings(
                List.of(
                    Diffs.modified("README.md", 1, "docs"),
                    Diffs.modified("config/app.yml", 1, "a: b"),
                    Diffs.deleted("src/Old.java", "class Old {}")),
                "source-without-tests"))
        .isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "src/test/java/app/ServiceTest.java, true",
    "src/main/java/app/ServiceTest.java, true",
    "app/src/FooTests.java, true",
    "pkg/store/store_test.go, true",
    "tests/integration/run.py, true",
    "app/test_util.py, true",
    "app/util_test.py, true",
    "web/src/button.test.ts, true",
    "web/src/button.spec.js, true",
    "web/__tests__/button.js, true",
    "spec/models/user_spec.rb, true",
    "src/main/java/app/Testing.java, false",
    "src/contest/App.java, false",
    "latest/tool.py, false",
    "web/src/testing.ts, false"
  })
  void testFilesAreRecognisedByDirectoryOrName(String path, boolean test) {
    assertThat(FileKinds.isTest(path)).isEqualTo(test);
  }

  // --- todo-added

  @Test
  void givenTodoOrFixmeAddedInComments_todoAddedFiresOnThoseLines() {
    List<FileDiff> files =
        List.of(
            Diffs.modified(
                "src/App.java",
                5,
                "// TODO: handle retries",
                "String marker = \"TODO\";",
                "int todo = 0; // a todo list, lower case",
                "/* FIXME off by one */"),
            Diffs.added("tool.py", "x = 1  # XXX temporary"),
            Diffs.added("README.md", "- TODO: write docs"));

    assertThat(findings(files, "todo-added"))
        .extracting(Finding::file, Finding::line, Finding::severity, Finding::message)
        .containsExactly(
            tuple("src/App.java", 5, "info", "TODO added: TODO: handle retries"),
            tuple("src/App.java", 8, "info", "FIXME added: FIXME off by one */"),
            tuple("tool.py", 1, "info", "XXX added: XXX temporary"));
  }

  @Test
  void aKeyOnAReportedLineIsRedactedInTheFindingsMessage() {
    String keyId = "AKIAX2FJUGD6TXKIC26A";
    String token = "ghp_aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5";
    List<FileDiff> files =
        List.of(
            Diffs.modified(
                "src/main/java/app/App.java",
                3,
                "System.out.println(\"key " + keyId + "\");",
                "// TODO rotate " + token + " before release",
                "// TODO " + "x".repeat(100) + " " + token));

    List<Finding> found = new java.util.ArrayList<>(findings(files, "debug-output"));
    found.addAll(findings(files, "todo-added"));

    assertThat(found).hasSize(3);
    assertThat(found)
        .allSatisfy(
            f -> assertThat(f.message()).doesNotContain(keyId).doesNotContain(token.substring(4)));
    assertThat(found.get(0).message())
        .isEqualTo("Debug output added: System.out.println(\"key AKIA…\");");
    assertThat(found.get(1).message()).isEqualTo("TODO added: TODO rotate ghp_… before release");
  }

  @Test
  void removedTodosAreNotReported() {
    FileDiff removal =
        new FileDiff(
            "src/App.java",
            "src/App.java",
            ChangeType.MODIFIED,
            false,
            List.of(),
            List.of(new dev.prflow.activities.diff.DiffLine(4, "// TODO old")),
            0);

    assertThat(findings(List.of(removal), "todo-added")).isEmpty();
  }

  // --- debug-output

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "src/main/java/app/App.java | System.out.println(\"here\");",
        "src/main/java/app/App.java | System.err.printf(\"%s\", x);",
        "src/main/java/app/App.java | e.printStackTrace();",
        "web/src/app.ts | console.log('state', state);",
        "web/src/app.js | console.debug(x)",
        "web/src/app.js | debugger;",
        "service/app.py | print(result)",
        "service/app.py | import pdb; pdb.set_trace()",
        "service/app.py | breakpoint()",
        "app/models/user.rb | binding.pry",
        "internal/store/store.go | fmt.Println(\"debug\", x)",
        "src/lib.rs | let y = dbg!(x);"
      })
  void debugOutputIsReportedInSourceFiles(String path, String line) {
    assertThat(findings(List.of(Diffs.modified(path, 7, line)), "debug-output"))
        .extracting(Finding::file, Finding::line, Finding::severity)
        .containsExactly(tuple(path, 7, "warning"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "src/test/java/app/AppTest.java | System.out.println(\"here\");",
        "src/main/java/app/App.java | // System.out.println(\"here\");",
        "src/main/java/app/App.java | log.info(\"System.out\");",
        "web/src/app.test.ts | console.log(x);",
        "web/src/app.ts | console.error('failed', err);",
        "service/test_app.py | print(result)",
        "service/app.py | self.print_report(x)",
        "cmd/tool/main.go | fmt.Println(\"usage\")",
        "docs/guide.md | System.out.println(\"example\");"
      })
  void debugOutputIsNotReportedInTestsCommentsOrCommandLineEntryPoints(String path, String line) {
    assertThat(findings(List.of(Diffs.modified(path, 7, line)), "debug-output")).isEmpty();
  }

  // --- commented-out-code

  @Test
  void givenThreeCommentedOutCodeLines_commentedOutCodeFiresAtTheFirst() {
    FileDiff java =
        Diffs.modified(
            "src/App.java",
            20,
            "  int a = 1;",
            "  // int b = compute(a);",
            "  // if (b > 2) {",
            "  //",
            "  //   return b;",
            "  // }",
            "  return a;");

    assertThat(findings(List.of(java), "commented-out-code"))
        .extracting(Finding::file, Finding::line, Finding::severity, Finding::message)
        .containsExactly(
            tuple("src/App.java", 21, "info", "4 lines of commented-out code added (lines 21-25)"));
  }

  @Test
  void pythonCommentedOutCodeIsFound() {
    FileDiff python =
        Diffs.added("tool.py", "# def helper(x):", "#     y = x + 1", "#     return y", "pass");

    assertThat(findings(List.of(python), "commented-out-code"))
        .extracting(Finding::line)
        .containsExactly(1);
  }

  @Test
  void proseCommentsShortBlocksAndGapsAreNotCommentedOutCode() {
    FileDiff prose =
        Diffs.added(
            "src/A.java",
            "// Retries the call because the server",
            "// may be restarting; if it still fails",
            "// we give up and report the error.",
            "class A {}");
    FileDiff twoLines = Diffs.added("src/B.java", "// foo();", "// bar();", "class B {}");
    FileDiff gap =
        new FileDiff(
            "src/C.java",
            "src/C.java",
            ChangeType.MODIFIED,
            false,
            List.of(
                new dev.prflow.activities.diff.DiffLine(3, "// foo();"),
                new dev.prflow.activities.diff.DiffLine(4, "// bar();"),
                new dev.prflow.activities.diff.DiffLine(9, "// baz();")),
            List.of(),
            0);
    FileDiff javadoc =
        Diffs.added("src/D.java", "/**", " * int x = 1;", " * foo(x);", " * return x;", " */");

    assertThat(findings(List.of(prose, twoLines, gap, javadoc), "commented-out-code")).isEmpty();
  }

  @Test
  void commentedOutCodeMinimumIsConfigurable() {
    FileDiff twoLines = Diffs.added("src/B.java", "// foo();", "// bar();", "class B {}");

    assertThat(
            findings(
                List.of(twoLines),
                "commented-out-code",
                "rules: { commented-out-code: { min_lines: 2 } }"))
        .extracting(Finding::line)
        .containsExactly(1);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "foo();",
        "if (x > 1) {",
        "}",
        "import java.util.List;",
        "return value;",
        "def handle(request):",
        "total += item.price",
        "final String name = user.name()",
        "client.send(request)",
        "for item in items:"
      })
  void codeLikeCommentBodies(String body) {
    assertThat(DiffRules.looksLikeCode(body)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Retries the call because the server may be restarting",
        "if it still fails we give up",
        "for example:",
        "see https://example.com/docs?a=b",
        "return the cached value when present",
        "(this is the default)"
      })
  void proseCommentBodies(String body) {
    assertThat(DiffRules.looksLikeCode(body)).isFalse();
  }

  // --- large-file and binary-file

  @Test
  void givenAnAddedFileOver500Kb_largeFileFires_andSmallerOrModifiedOnesDoNot() {
    write("assets/big.json", 600 * 1024);
    write("assets/small.json", 400 * 1024);
    write("assets/grown.json", 900 * 1024);
    List<FileDiff> files =
        List.of(
            Diffs.added("assets/big.json", "{"),
            Diffs.added("assets/small.json", "{"),
            Diffs.modified("assets/grown.json", 1, "{"));

    assertThat(findings(files, "large-file"))
        .extracting(Finding::file, Finding::line, Finding::severity, Finding::message)
        .containsExactly(
            tuple("assets/big.json", null, "warning", "Large file added: 600 KB (limit 500 KB)"));
    assertThat(findings(files, "large-file", "rules: { large-file: { max_file_kb: 300 } }"))
        .extracting(Finding::file)
        .containsExactly("assets/big.json", "assets/small.json");
  }

  @Test
  void givenABinaryFileAdded_binaryFileFires_butNotForAModifiedBinary() {
    FileDiff modified =
        new FileDiff(
            "img/old.png", "img/old.png", ChangeType.MODIFIED, true, List.of(), List.of(), 0);
    List<FileDiff> files = List.of(Diffs.binaryAdded("img/logo.png"), modified);

    assertThat(findings(files, "binary-file"))
        .extracting(Finding::file, Finding::line, Finding::severity, Finding::message)
        .containsExactly(tuple("img/logo.png", null, "info", "Binary file added: img/logo.png"));
  }

  // --- lockfile-drift

  @Test
  void givenALockfileChangedWithoutItsManifest_lockfileDriftFires() {
    List<FileDiff> files =
        List.of(
            Diffs.modified("web/package-lock.json", 10, "\"x\": 1"),
            Diffs.modified("go.sum", 1, "example.com/m v1.0.0 h1:abc="));

    assertThat(findings(files, "lockfile-drift"))
        .extracting(Finding::file, Finding::line, Finding::severity, Finding::message)
        .containsExactly(
            tuple("go.sum", null, "warning", "go.sum changed but go.mod did not"),
            tuple(
                "web/package-lock.json",
                null,
                "warning",
                "package-lock.json changed but web/package.json did not"));
  }

  @Test
  void givenAManifestChangedWhileItsLockfileExistsUnchanged_lockfileDriftFires() {
    write("yarn.lock", 10);
    write("package.json", 10);
    write("pyproject.toml", 10); // no poetry.lock or uv.lock in this repository
    List<FileDiff> files =
        List.of(
            Diffs.modified("package.json", 5, "\"left-pad\": \"1.3.0\","),
            Diffs.modified("pyproject.toml", 8, "requests = \"^2\""));

    assertThat(findings(files, "lockfile-drift"))
        .extracting(Finding::file, Finding::message)
        .containsExactly(
            tuple("package.json", "package.json changed but yarn.lock was not updated"));
  }

  @Test
  void manifestAndLockfileChangedTogether_includingWorkspaces_isNotDrift() {
    write("yarn.lock", 10);
    write("Cargo.lock", 10);
    List<FileDiff> files =
        List.of(
            Diffs.modified("yarn.lock", 5, "left-pad@1.3.0:"),
            Diffs.modified("packages/ui/package.json", 5, "\"left-pad\": \"1.3.0\","),
            Diffs.modified("Cargo.toml", 3, "serde = \"1\""),
            Diffs.modified("Cargo.lock", 3, "name = \"serde\""));

    assertThat(findings(files, "lockfile-drift")).isEmpty();
  }

  // --- configuration of every rule

  @ParameterizedTest
  @EnumSource(DiffRule.class)
  void everyDiffRuleFiresOnTheKitchenSink_andCanBeDisabled(DiffRule rule) {
    List<FileDiff> files = kitchenSink();

    assertThat(findings(files, rule.id())).isNotEmpty();
    assertThat(findings(files, rule.id(), "rules: { " + rule.id() + ": { enabled: false } }"))
        .isEmpty();
    assertThat(findings(files, rule.id(), "rules: { " + rule.id() + ": false }")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(DiffRule.class)
  void everyDiffRuleSeverityCanBeOverridden(DiffRule rule) {
    String severity = rule.defaultSeverity().equals("error") ? "info" : "error";

    assertThat(
            findings(
                kitchenSink(),
                rule.id(),
                "rules: { " + rule.id() + ": { severity: " + severity + " } }"))
        .isNotEmpty()
        .allSatisfy(f -> assertThat(f.severity()).isEqualTo(severity));
  }

  private List<FileDiff> kitchenSink() {
    write("assets/huge.bin", 501 * 1024);
    List<FileDiff> files = new ArrayList<>();
    files.add(
        Diffs.modified(
            "src/main/java/app/App.java",
            10,
            "System.out.println(\"debug\");",
            "// TODO: remove",
            "// foo();",
            "// bar();",
            "// baz();"));
    files.add(Diffs.added("assets/huge.bin", "x"));
    files.add(Diffs.binaryAdded("assets/logo.png"));
    files.add(Diffs.modified("yarn.lock", 1, "a@1:"));
    for (int i = 0; i < 50; i++) {
      files.add(Diffs.churn("docs/page" + i + ".md", 20, 0));
    }
    return files;
  }

  private void write(String path, int bytes) {
    try {
      Path file = headTree.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[bytes]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<Finding> findings(List<FileDiff> files, String rule) {
    return findings(files, rule, null);
  }

  private List<Finding> findings(List<FileDiff> files, String rule, String yaml) {
    ReviewConfig config;
    try {
      config = ReviewConfig.parse(yaml == null ? null : YAML.readTree(yaml), Set.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(config.problems()).isEmpty();
    FindingCollector out = new FindingCollector();
    DiffRules.apply(headTree, files, config, out);
    ReviewResult result = out.result();
    assertThat(result.findings()).allSatisfy(f -> assertThat(f.category()).isEqualTo("review"));
    return result.findings().stream().filter(f -> f.rule().equals(rule)).toList();
  }
}
