package dev.prflow.activities.github;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lets {@code git clone https://github.com/o/r.git} (and fetch, push) authenticate without the
 * token ever appearing in a URL, a command line, {@code .git/config} or git's error output.
 *
 * <p>The returned variables use git's environment-only configuration ({@code GIT_CONFIG_COUNT},
 * {@code GIT_CONFIG_KEY_n}, {@code GIT_CONFIG_VALUE_n}, git 2.31 or newer) to set {@code
 * http.<host>.extraHeader} to {@code Authorization: Basic base64(x-access-token:<token>)}, the form
 * GitHub accepts for personal access tokens and app installation tokens alike. The header is scoped
 * to the one host, so a submodule or redirect elsewhere does not receive it. {@code
 * GIT_TERMINAL_PROMPT=0} makes a rejected token fail at once instead of waiting for a password.
 *
 * <p>Add the map to the child process's environment only (for example {@code
 * ProcessBuilder.environment().putAll(...)}); never to a command line, which other users can read
 * in the process list.
 */
public final class GitCredentials {

  private GitCredentials() {}

  /** Variables that authenticate git to {@code https://github.com/}. */
  public static Map<String, String> gitAuthEnvironment(String token) {
    return gitAuthEnvironment(token, "https://github.com/");
  }

  /**
   * Variables that authenticate git to one host, e.g. {@code https://ghe.example/} for GitHub
   * Enterprise Server (the web host, not the {@code /api/v3} URL).
   */
  public static Map<String, String> gitAuthEnvironment(String token, String gitBaseUrl) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a GitHub token is required");
    }
    if (token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new IllegalArgumentException("the GitHub token contains invalid characters");
    }
    if (gitBaseUrl == null || !gitBaseUrl.startsWith("https://")) {
      throw new IllegalArgumentException("the git base URL must be https://");
    }
    String scope = gitBaseUrl.endsWith("/") ? gitBaseUrl : gitBaseUrl + "/";
    String basic =
        Base64.getEncoder()
            .encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
    Map<String, String> env = new LinkedHashMap<>();
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_COUNT", "1");
    env.put("GIT_CONFIG_KEY_0", "http." + scope + ".extraHeader");
    env.put("GIT_CONFIG_VALUE_0", "Authorization: Basic " + basic);
    return Map.copyOf(env);
  }
}
