package dev.prflow.activities.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.ReviewResult;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReviewConfigTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> PMD_RULES = Set.of("EmptyCatchBlock", "CloseResource");

  @Test
  void givenNoSection_defaultsApply() {
    for (JsonNode node : new JsonNode[] {null, MissingNode.getInstance(), NullNode.getInstance()}) {
      ReviewConfig config = ReviewConfig.parse(node, PMD_RULES);

      assertThat(config.problems()).isEmpty();
      assertThat(config.pmdEnabled()).isTrue();
      assertThat(config.enabled("large-pr")).isTrue();
      assertThat(config.severity("debug-output", "warning")).isEqualTo("warning");
      assertThat(config.option(DiffRule.LARGE_PR, "max_changed_lines")).isEqualTo(800);
      assertThat(config.option(DiffRule.LARGE_PR, "max_files")).isEqualTo(50);
      assertThat(config.option(DiffRule.LARGE_FILE, "max_file_kb")).isEqualTo(500);
      assertThat(config.disabledPmdRules()).isEmpty();
    }
  }

  @Test
  void givenTheDocumentedExample_everySettingIsRead() throws IOException {
    ReviewConfig config =
        parse(
            """
            pmd: true
            rules:
              large-pr: { max_changed_lines: 400, max_files: 20 }
              todo-added: { enabled: false }
              debug-output: { severity: error }
              pmd/EmptyCatchBlock: { enabled: false }
            """);

    assertThat(config.problems()).isEmpty();
    assertThat(config.pmdEnabled()).isTrue();
    assertThat(config.option(DiffRule.LARGE_PR, "max_changed_lines")).isEqualTo(400);
    assertThat(config.option(DiffRule.LARGE_PR, "max_files")).isEqualTo(20);
    assertThat(config.enabled("todo-added")).isFalse();
    assertThat(config.enabled("debug-output")).isTrue();
    assertThat(config.severity("debug-output", "warning")).isEqualTo("error");
    assertThat(config.enabled("pmd/EmptyCatchBlock")).isFalse();
    assertThat(config.disabledPmdRules()).containsExactly("EmptyCatchBlock");
  }

  @Test
  void shorthandsAreAccepted() throws IOException {
    ReviewConfig config =
        parse(
            """
            pmd: false
            rules:
              todo-added: false
              debug-output: ERROR
              pmd/CloseResource: info
              large-file: { max_file_kb: "250" }
              binary-file:
            """);

    assertThat(config.problems()).isEmpty();
    assertThat(config.pmdEnabled()).isFalse();
    assertThat(config.enabled("todo-added")).isFalse();
    assertThat(config.severity("debug-output", "warning")).isEqualTo("error");
    assertThat(config.severity("pmd/CloseResource", "warning")).isEqualTo("info");
    assertThat(config.option(DiffRule.LARGE_FILE, "max_file_kb")).isEqualTo(250);
    assertThat(config.enabled("binary-file")).isTrue();
  }

  @Test
  void unknownRulesAndSettingsBecomeConfigFindingsNamingTheKey() throws IOException {
    ReviewConfig config =
        parse(
            """
            strict: true
            rules:
              no-such-rule: { enabled: false }
              pmd/NoSuchRule: { enabled: false }
              large-pr: { max_lines: 10 }
            """);

    assertThat(config.problems())
        .extracting(Finding::message)
        .containsExactly(
            "review.strict: unknown setting; known settings are pmd and rules",
            "review.rules.no-such-rule: unknown rule; known rules are large-pr,"
                + " source-without-tests, todo-added, debug-output, commented-out-code,"
                + " large-file, binary-file, lockfile-drift and pmd/<RuleName>",
            "review.rules.pmd/NoSuchRule: unknown PMD rule; prflow's ruleset has CloseResource,"
                + " EmptyCatchBlock",
            "review.rules.large-pr.max_lines: unknown setting; known settings are enabled,"
                + " severity, max_changed_lines, max_files");
    assertThat(config.problems())
        .allSatisfy(
            f -> {
              assertThat(f.category()).isEqualTo("config");
              assertThat(f.severity()).isEqualTo("warning");
              assertThat(f.file()).isEqualTo(".prflow.yml");
              assertThat(f.line()).isNull();
              assertThat(f.rule()).isEqualTo("review-config");
              assertThat(f.suggestion()).startsWith("Fix or remove review.");
            });
  }

  @Test
  void badValuesBecomeConfigFindings_andTheDefaultsStay() throws IOException {
    ReviewConfig config =
        parse(
            """
            pmd: "yes"
            rules:
              large-pr: { max_changed_lines: -3, max_files: lots }
              large-file: { max_file_kb: 1.5 }
              debug-output: { severity: critical }
              todo-added: { enabled: "no" }
              binary-file: [a, b]
            """);

    assertThat(config.problems())
        .extracting(Finding::message)
        .containsExactly(
            "review.pmd: expected true or false but got \"yes\"",
            "review.rules.large-pr.max_changed_lines: expected a whole number of at least 1 but"
                + " got -3; using the default 800",
            "review.rules.large-pr.max_files: expected a whole number of at least 1 but got"
                + " \"lots\"; using the default 50",
            "review.rules.large-file.max_file_kb: expected a whole number of at least 1 but got"
                + " 1.5; using the default 500",
            "review.rules.debug-output.severity: expected info, warning or error but got"
                + " \"critical\"",
            "review.rules.todo-added.enabled: expected true or false but got \"no\"",
            "review.rules.binary-file: expected a mapping, true/false or a severity but got a"
                + " list");
    assertThat(config.pmdEnabled()).isTrue();
    assertThat(config.option(DiffRule.LARGE_PR, "max_changed_lines")).isEqualTo(800);
    assertThat(config.option(DiffRule.LARGE_PR, "max_files")).isEqualTo(50);
    assertThat(config.severity("debug-output", "warning")).isEqualTo("warning");
    assertThat(config.enabled("todo-added")).isTrue();
  }

  @Test
  void givenASectionThatIsNotAMapping_oneConfigFindingAndDefaults() throws IOException {
    ReviewConfig config = parse("everything");

    assertThat(config.problems())
        .extracting(Finding::message)
        .containsExactly("review: expected a mapping but got \"everything\"; using defaults");
    assertThat(config.pmdEnabled()).isTrue();
  }

  @Test
  void givenRulesThatIsNotAMapping_aConfigFinding() throws IOException {
    assertThat(parse("rules: [large-pr]").problems())
        .extracting(Finding::message)
        .containsExactly("review.rules: expected a mapping of rule names but got a list");
  }

  @Test
  void throughTheReviewer_configFindingsComeFirst_andTheReviewStillRuns() throws IOException {
    JsonNode node =
        YAML.readTree(
            """
            rules:
              todo-added: { severity: loud }
              pmd/NotARule: false
            """);

    ReviewResult result =
        new CodeReviewer()
            .review(null, List.of(Diffs.modified("app.py", 3, "# TODO: later")), node);

    assertThat(result.findings())
        .extracting(Finding::category, Finding::rule, Finding::file, Finding::line)
        .containsExactly(
            tuple("config", "review-config", ".prflow.yml", null),
            tuple("config", "review-config", ".prflow.yml", null),
            tuple("review", "source-without-tests", null, null),
            tuple("review", "todo-added", "app.py", 3));
    assertThat(result.findings().get(3).severity()).isEqualTo("info");
    assertThat(result.findings().get(1).message()).startsWith("review.rules.pmd/NotARule:");
  }

  private static ReviewConfig parse(String yaml) throws IOException {
    return ReviewConfig.parse(YAML.readTree(yaml), PMD_RULES);
  }
}
