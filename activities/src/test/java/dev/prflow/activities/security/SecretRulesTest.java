package dev.prflow.activities.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.activities.diff.DiffLine;
import dev.prflow.activities.diff.FileDiff;
import dev.prflow.workflows.model.Finding;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretRulesTest {

  private static List<Finding> scan(SecretRules rules, String path, String line) {
    FileDiff file =
        new FileDiff(
            path,
            path,
            FileDiff.ChangeType.MODIFIED,
            false,
            List.of(new DiffLine(7, line)),
            List.of(),
            0);
    return new SecurityScanner(rules).scan(List.of(file), ManifestSource.none()).secrets();
  }

  @Test
  void defaultRulesCoverTheProvidersWePromise() {
    assertThat(SecretRules.defaults().ruleIds())
        .contains(
            "aws-access-key-id",
            "aws-secret-access-key",
            "github-classic-pat",
            "github-fine-grained-pat",
            "github-oauth-token",
            "github-app-token",
            "github-refresh-token",
            "gitlab-pat",
            "slack-token",
            "slack-webhook-url",
            "stripe-live-key",
            "stripe-test-key",
            "google-api-key",
            "private-key",
            "jwt",
            "npm-token",
            "openai-api-key",
            "anthropic-api-key",
            "database-url-password",
            "generic-secret-assignment");
  }

  @Test
  void givenATeamsGitleaksConfig_whenLoaded_itsRulesSecretGroupAndAllowlistsApply() {
    SecretRules rules =
        SecretRules.fromToml(
            """
            title = "team config"

            [[rules]]
            id = "acme-key"
            description = "Acme API key"
            regex = '''acme_(?P<key>[a-z0-9]{16})'''
            secretGroup = 1
            keywords = ["ACME_"]
            tags = ["internal"]

              [rules.allowlist]
              regexes = ['''^0{16}$''']

            [allowlist]
            paths = ['''^vendor/''']
            """);

    List<Finding> found = scan(rules, "src/a.py", "key = 'acme_k3y9f8e7d6c5b4a2'");

    assertThat(found)
        .extracting(Finding::rule, Finding::line)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("acme-key", 7));
    assertThat(found.get(0).message()).isEqualTo("Acme API key k3y9… in src/a.py");
    assertThat(scan(rules, "src/a.py", "acme_0000000000000000")).isEmpty();
    assertThat(scan(rules, "vendor/lib.py", "acme_k3y9f8e7d6c5b4a2")).isEmpty();
  }

  @Test
  void givenAnEntropyThreshold_whenTheSecretIsRepetitive_itIsNotReported() {
    SecretRules rules =
        SecretRules.fromToml(
            """
            [[rules]]
            id = "k"
            regex = '''key=([a-z0-9]{16})'''
            entropy = 3.0
            """);

    assertThat(scan(rules, "a", "key=abababababababab")).isEmpty();
    assertThat(scan(rules, "a", "key=k3y9f8e7d6c5b4a2")).hasSize(1);
  }

  @Test
  void givenAllowlistTargetsAndConditions_whenScanning_eachIsHonoured() {
    SecretRules rules =
        SecretRules.fromToml(
            """
            [[rules]]
            id = "k"
            regex = '''key=([a-z0-9]{16})'''

              [[rules.allowlists]]
              regexTarget = "line"
              regexes = ['''#\\s*not-a-secret''']

              [[rules.allowlists]]
              regexTarget = "match"
              regexes = ['''^key=test''']

              [[rules.allowlists]]
              condition = "AND"
              paths = ['''^docs/''']
              stopwords = ["sample"]

            [[allowlists]]
            targetRules = ["k"]
            stopwords = ["zzzz"]
            """);

    assertThat(scan(rules, "a", "key=k3y9f8e7d6c5b4a2 # not-a-secret")).isEmpty();
    assertThat(scan(rules, "a", "key=test9f8e7d6c5b4a")).isEmpty();
    assertThat(scan(rules, "docs/x.md", "key=sample8e7d6c5b4a")).isEmpty();
    assertThat(scan(rules, "src/x.md", "key=sample8e7d6c5b4a"))
        .as("AND needs the path too")
        .hasSize(1);
    assertThat(scan(rules, "a", "key=k3y9zzzz7d6c5b4a")).isEmpty();
    assertThat(scan(rules, "a", "key=k3y9f8e7d6c5b4a2")).hasSize(1);
  }

  @Test
  void givenGoRegexSyntax_whenLoaded_itIsTranslatedForJava() {
    SecretRules rules =
        SecretRules.fromToml(
            """
            [[rules]]
            id = "go-syntax"
            regex = '''(?i)tok(?P<the_value>[[:alnum:]]{12})\\z'''
            """);

    assertThat(scan(rules, "a", "TOKa1b2c3d4e5f6")).hasSize(1);
    assertThat(scan(rules, "a", "TOKa1b2c3d4e5f6 trailing")).isEmpty();
    assertThat(GoRegex.toJava("[[a-z]&&b]")).isEqualTo("[\\[a-z]&&b]");
    assertThat(GoRegex.toJava("[a&&b]")).isEqualTo("[a\\&&b]");
    assertThat(GoRegex.toJava("[]x][^]y]")).isEqualTo("[\\]x][^\\]y]");
  }

  @Test
  void givenExtendUseDefault_whenLoaded_defaultRulesStayAndDisabledOnesGo() {
    SecretRules rules =
        SecretRules.fromToml(
            """
            [extend]
            useDefault = true
            disabledRules = ["jwt"]

            [[rules]]
            id = "acme-key"
            regex = '''acme_[a-z0-9]{16}'''
            """);

    assertThat(rules.ruleIds()).contains("aws-access-key-id", "acme-key").doesNotContain("jwt");
  }

  @Test
  void givenABadConfig_whenLoaded_theErrorNamesTheRuleAndField() {
    assertThatThrownBy(() -> SecretRules.fromToml("[[rules]]\nid = \"broken\"\nregex = '''(a'''\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rule \"broken\"")
        .hasMessageContaining("field \"regex\"");
    assertThatThrownBy(
            () -> SecretRules.fromToml("[[rules]]\nid = \"g\"\nregex = 'a(b)'\nsecretGroup = 2\n"))
        .hasMessageContaining("rule \"g\"")
        .hasMessageContaining("secretGroup");
    assertThatThrownBy(
            () ->
                SecretRules.fromToml(
                    "[[rules]]\nid = \"t\"\nregex = 'a'\n[[rules.allowlists]]\nregexTarget ="
                        + " \"file\"\n"))
        .hasMessageContaining("rule \"t\"")
        .hasMessageContaining("regexTarget");
    assertThatThrownBy(() -> SecretRules.fromToml("[[rules]]\nregex = 'a'\n"))
        .hasMessageContaining("rules[0]")
        .hasMessageContaining("\"id\"");
    assertThatThrownBy(
            () -> SecretRules.fromToml("[[rules]]\nid = \"e\"\nregex = 'a'\nentropy = \"high\"\n"))
        .hasMessageContaining("entropy");
    assertThatThrownBy(() -> SecretRules.fromToml("rules = [ not toml"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("secret rules: invalid TOML");
    assertThatThrownBy(() -> SecretRules.fromToml("title = 'nothing'"))
        .hasMessageContaining("no [[rules]]");
  }
}
