package dev.prflow.activities.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

  private static final Map<String, String> SOURCE =
      Map.ofEntries(
          Map.entry("PATH", "/usr/bin:/bin"),
          Map.entry("HOME", "/home/dev"),
          Map.entry("LANG", "C.UTF-8"),
          Map.entry("GITHUB_TOKEN", "ghp_x"),
          Map.entry("GH_TOKEN", "gh"),
          Map.entry("CODEGEN_API_KEY", "cg"),
          Map.entry("DATABASE_URL", "postgresql://u:p@h/db"),
          Map.entry("PRFLOW_X", "internal"),
          Map.entry("TEMPORAL_ADDRESS", "localhost:7233"),
          Map.entry("AWS_SECRET_ACCESS_KEY", "aws"),
          Map.entry("MY_PASSWORD", "pw"),
          Map.entry("PGPASSWORD", "pg"),
          Map.entry("NPM_TOKEN", "npm"),
          Map.entry("SSH_KEY", "key"),
          Map.entry("EDITOR", "vi"),
          Map.entry("GRADLE_OPTS", "-Xmx1g"));

  private static final List<String> SECRETS =
      List.of(
          "GITHUB_TOKEN",
          "GH_TOKEN",
          "CODEGEN_API_KEY",
          "DATABASE_URL",
          "PRFLOW_X",
          "TEMPORAL_ADDRESS",
          "AWS_SECRET_ACCESS_KEY",
          "MY_PASSWORD",
          "PGPASSWORD",
          "NPM_TOKEN",
          "SSH_KEY");

  @Test
  void onlyBasicsAndTheChosenHomePassWhenNothingIsListed() {
    Map<String, String> env = Environment.allowlisted(SOURCE, "/tmp/home", List.of(), false);

    assertThat(env)
        .containsEntry("PATH", "/usr/bin:/bin")
        .containsEntry("HOME", "/tmp/home")
        .containsEntry("LANG", "C.UTF-8")
        .hasSize(3);
  }

  @Test
  void secretNamesAreRecognisedWhateverTheirCase() {
    assertThat(SECRETS).allMatch(Environment::isSecret);
    assertThat(Environment.isSecret("github_token")).isTrue();
    assertThat(Environment.isSecret("Prflow_Agent_Command")).isTrue();
    assertThat(Environment.isSecret("db_password")).isTrue();
    assertThat(Environment.isSecret("PATH")).isFalse();
    assertThat(Environment.isSecret("KEYBOARD_LAYOUT")).isFalse();
  }

  @Test
  void allowlistKeepsOnlyBasicsAndListedNames() {
    Map<String, String> env =
        Environment.allowlisted(SOURCE, "/home/dev", List.of("GRADLE_OPTS"), false);

    assertThat(env.keySet()).containsExactlyInAnyOrder("PATH", "HOME", "LANG", "GRADLE_OPTS");
  }

  @Test
  void aRepositorysListNeverLetsASecretThrough() {
    Map<String, String> env =
        Environment.forTests(SOURCE, null, List.of("GITHUB_TOKEN", "DATABASE_URL", "MY_PASSWORD"));

    assertThat(env.keySet()).containsExactlyInAnyOrder("PATH", "LANG", "CI");
  }

  @Test
  void theOperatorMayPassAnAgentItsOwnKey() {
    Map<String, String> env =
        Environment.allowlisted(SOURCE, "/tmp/home", List.of("SSH_KEY"), true);

    assertThat(env).containsEntry("SSH_KEY", "key").doesNotContainKey("GITHUB_TOKEN");
  }

  @Test
  void theResultIsANewMutableMap() {
    Map<String, String> env = Environment.allowlisted(SOURCE, null, List.of(), false);

    env.put("EXTRA", "1");

    assertThat(env).containsKey("EXTRA");
    assertThat(SOURCE).doesNotContainKey("EXTRA");
  }

  @Test
  void testsRunAsInCiWithoutPrflowsOwnSettings() {
    Map<String, String> source = new java.util.HashMap<>(SOURCE);
    source.put("PRFLOW_MAVEN_OFFLINE", "true");
    source.put("CI", "false");

    Map<String, String> env = Environment.forTests(source, "/tmp/home", List.of("GRADLE_OPTS"));

    assertThat(env)
        .containsEntry("CI", "true")
        .containsEntry("HOME", "/tmp/home")
        .doesNotContainKeys("PRFLOW_MAVEN_OFFLINE", "GITHUB_TOKEN", "CODEGEN_API_KEY");
    assertThat(env.keySet()).containsExactlyInAnyOrder("PATH", "HOME", "LANG", "GRADLE_OPTS", "CI");
  }
}
