package dev.prflow.activities.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCredentialsTest {

  private static final String TOKEN = GitHubFixtures.TOKEN;

  @Test
  void itShouldCarryTheTokenInAHeaderScopedToGitHub() {
    Map<String, String> env = GitCredentials.gitAuthEnvironment(TOKEN);

    assertThat(env)
        .containsEntry("GIT_CONFIG_COUNT", "1")
        .containsEntry("GIT_CONFIG_KEY_0", "http.https://github.com/.extraHeader")
        .containsEntry("GIT_TERMINAL_PROMPT", "0");
    String header = env.get("GIT_CONFIG_VALUE_0");
    assertThat(header).startsWith("Authorization: Basic ").doesNotContain(TOKEN);
    String decoded =
        new String(
            Base64.getDecoder().decode(header.substring("Authorization: Basic ".length())),
            StandardCharsets.UTF_8);
    assertThat(decoded).isEqualTo("x-access-token:" + TOKEN);
    assertThat(env.keySet()).noneMatch(k -> k.contains(TOKEN));
  }

  @Test
  void gitShouldSeeTheHeaderForGitHubUrlsOnly(@TempDir Path home) throws Exception {
    Map<String, String> env = GitCredentials.gitAuthEnvironment(TOKEN, "https://ghe.example.com/");

    assertThat(gitUrlmatch(home, env, "https://ghe.example.com/octo-org/hello-world.git"))
        .isEqualTo(env.get("GIT_CONFIG_VALUE_0"));
    assertThat(gitUrlmatch(home, env, "https://elsewhere.example/octo-org/hello-world.git"))
        .isEmpty();
  }

  private static String gitUrlmatch(Path home, Map<String, String> env, String url)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("git", "config", "--get-urlmatch", "http.extraHeader", url)
            .redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out;
  }

  @Test
  void itShouldRefuseBadInputWithoutQuotingTheToken() {
    assertThatThrownBy(() -> GitCredentials.gitAuthEnvironment(" "))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GitCredentials.gitAuthEnvironment("ghp_x\ny"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("ghp_x");
    assertThatThrownBy(() -> GitCredentials.gitAuthEnvironment(TOKEN, "http://github.com/"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
