package dev.prflow.activities.testing;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The environment a child process prflow runs on a repository's behalf may see, built from an
 * allowlist and never inherited: {@link #BASICS}, a {@code HOME} chosen by the caller (the
 * sandbox's own), and the names the caller lists. A repository's test command may ask for names in
 * {@code .prflow.yml}, but never for a secret ({@code PRFLOW_*}, {@code DATABASE_*}, {@code
 * CODEGEN_*}, GitHub tokens, anything named like a token, secret, password or key); the agent
 * command receives what the operator lists in {@code PRFLOW_AGENT_ENV}, secrets included (an agent
 * CLI's own API key).
 */
public final class Environment {

  /** Passed whenever the worker has them, so tools find their way. */
  public static final List<String> BASICS =
      List.of("PATH", "LANG", "LC_ALL", "TZ", "TERM", "JAVA_HOME");

  private Environment() {}

  /**
   * @param home the child's {@code HOME}, or null for none
   * @param names further names passed from {@code source} when it has them
   * @param secretsAllowed whether a name in {@code names} may be a secret (operator's choice)
   * @return a new mutable map
   */
  public static Map<String, String> allowlisted(
      Map<String, String> source, String home, Collection<String> names, boolean secretsAllowed) {
    Map<String, String> env = new HashMap<>();
    for (String name : BASICS) {
      copy(source, name, env);
    }
    for (String name : names) {
      if (secretsAllowed || !isSecret(name)) {
        copy(source, name, env);
      }
    }
    if (home != null) {
      env.put("HOME", home);
    } else {
      env.remove("HOME");
    }
    return env;
  }

  /**
   * The environment for a repository's tests: {@link #allowlisted} with the {@code .prflow.yml}
   * {@code env} names (never a secret) plus {@code CI=true}, which makes test tools run once,
   * without watch modes, prompts or colour.
   */
  public static Map<String, String> forTests(
      Map<String, String> source, String home, List<String> repoNames) {
    Map<String, String> env = allowlisted(source, home, repoNames, false);
    env.put("CI", "true");
    return env;
  }

  public static boolean isSecret(String name) {
    String n = name.toUpperCase(Locale.ROOT);
    return n.startsWith("PRFLOW_")
        || n.startsWith("DATABASE_")
        || n.startsWith("CODEGEN_")
        || n.startsWith("GITHUB_")
        || n.startsWith("TEMPORAL_")
        || n.equals("GH_TOKEN")
        || n.equals("NOTIFY_WEBHOOK_URL")
        || n.equals("PGPASSWORD")
        || n.contains("TOKEN")
        || n.contains("SECRET")
        || n.contains("PASSWORD")
        || n.contains("PASSWD")
        || n.endsWith("_KEY")
        || n.contains("API_KEY")
        || n.contains("CREDENTIAL");
  }

  private static void copy(Map<String, String> source, String name, Map<String, String> env) {
    String value = source.get(name);
    if (value != null) {
      env.put(name, value);
    }
  }
}
