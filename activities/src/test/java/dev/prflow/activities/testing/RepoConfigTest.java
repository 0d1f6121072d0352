package dev.prflow.activities.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepoConfigTest {

  @Test
  void readsAValidFile() {
    RepoConfig config =
        RepoConfig.parse(
            """
            # comment
            test_command: ./gradlew test
            timeout: 5m
            env:
              - JAVA_OPTS
              - _MY_VAR2
            """);

    assertThat(config.testCommand()).isEqualTo("./gradlew test");
    assertThat(config.timeout()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.env()).containsExactly("JAVA_OPTS", "_MY_VAR2");
  }

  @Test
  void missingKeysAndEmptyFileMeanNoConfiguration() {
    assertThat(RepoConfig.parse("")).isEqualTo(RepoConfig.empty());
    assertThat(RepoConfig.parse("# only a comment\n")).isEqualTo(RepoConfig.empty());
    RepoConfig onlyCommand = RepoConfig.parse("test_command: make test\n");
    assertThat(onlyCommand.timeout()).isNull();
    assertThat(onlyCommand.env()).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "90, 90",
    "90s, 90",
    "10m, 600",
    "1h, 3600",
    "'  15 s ', 15",
    "1h30m, 5400",
    "1d, 86400",
    "1500ms, 1.5"
  })
  void timeoutTakesTheOneDurationGrammar(String text, double seconds) {
    assertThat(RepoConfig.parse("timeout: '" + text + "'").timeout())
        .isEqualTo(Duration.ofMillis((long) (seconds * 1000)));
  }

  @Test
  void numericTimeoutIsSeconds() {
    assertThat(RepoConfig.parse("timeout: 90").timeout()).isEqualTo(Duration.ofSeconds(90));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "0m", "ten", "10d", "24h1s", "-5", "1.5", "5 minutes", "30m1h"})
  void rejectsBadTimeouts(String text) {
    assertThatThrownBy(() -> RepoConfig.parse("timeout: '" + text + "'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(".prflow.yml")
        .hasMessageContaining("timeout");
  }

  @Test
  void badYamlNamesTheLineAndTheProblem() {
    assertThatThrownBy(() -> RepoConfig.parse("test_command: [unclosed\n  env: {"))
        .isInstanceOfSatisfying(
            RepoConfig.ParseProblem.class,
            p -> {
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.column()).isPositive();
              assertThat(p.problem()).startsWith("not valid YAML: expected ',' or ']'");
            })
        .hasMessageStartingWith(".prflow.yml line 2: not valid YAML: expected ',' or ']'");
  }

  @Test
  void tabIndentationIsReportedOnItsLine() {
    assertThatThrownBy(() -> RepoConfig.parse("timeout: 5\nenv:\n\t- HOME\n"))
        .isInstanceOf(RepoConfig.ParseProblem.class)
        .hasMessageStartingWith(".prflow.yml line 3: not valid YAML");
  }

  @Test
  void anUnusableValueIsReportedOnTheLineOfItsKey() {
    assertThatThrownBy(() -> RepoConfig.parse("# tests\n\ntimeout: soon\n"))
        .isInstanceOfSatisfying(
            RepoConfig.ParseProblem.class, p -> assertThat(p.line()).isEqualTo(3))
        .hasMessageStartingWith(
            ".prflow.yml line 3: timeout: \"soon\" is not a duration; expected a whole number"
                + " followed by ms, s, m, h or d");
    assertThatThrownBy(() -> RepoConfig.parse("test_command: make\nenv: HOME\n"))
        .hasMessage(".prflow.yml line 2: env must be a list of variable names");
  }

  @Test
  void rejectsAFileThatIsNotAMapping() {
    assertThatThrownBy(() -> RepoConfig.parse("- a\n- b\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(".prflow.yml: must be a mapping");
  }

  @ParameterizedTest
  @ValueSource(strings = {"test_command: 5", "test_command: [make, test]", "test_command: ''"})
  void rejectsATestCommandThatIsNotANonEmptyString(String yaml) {
    assertThatThrownBy(() -> RepoConfig.parse(yaml))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("test_command must be a non-empty string");
  }

  @Test
  void rejectsEnvThatIsNotAList() {
    assertThatThrownBy(() -> RepoConfig.parse("env: JAVA_OPTS"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("env must be a list");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1ABC", "MY-VAR", "A B", "X=1"})
  void rejectsEnvEntriesThatAreNotVariableNames(String name) {
    assertThatThrownBy(() -> RepoConfig.parse("env:\n  - '" + name + "'\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("env entry is not a variable name")
        .hasMessageContaining(name);
  }

  @Test
  void absurdTimeoutIsRejectedNotOverflowed() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RepoConfig.parse("timeout: 9999999999999999h"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is too large a duration");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RepoConfig.parse("timeout: 99999999999999999999999"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
