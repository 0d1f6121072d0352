package dev.prflow.activities.testing;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment a child process may see. prflow's own secrets and configuration never reach test
 * or agent processes: {@code PRFLOW_*}, {@code DATABASE_*}, {@code CODEGEN_*}, GitHub tokens, and
 * any variable named like a token, secret, password or key.
 */
public final class Environment {

  /** Always passed when an allowlist is given, so tools still find their way. */
  static final Set<String> BASICS =
      Set.of(
          "PATH",
          "HOME",
          "USER",
          "LOGNAME",
          "LANG",
          "LC_ALL",
          "LC_CTYPE",
          "TERM",
          "TZ",
          "TMPDIR",
          "SHELL",
          "JAVA_HOME",
          "MAVEN_OPTS",
          "GOPATH",
          "GOCACHE",
          "GOFLAGS");

  private Environment() {}

  /**
   * @param allowlist when non-empty, only {@link #BASICS} and these names pass (still never a
   *     secret)
   */
  public static Map<String, String> scrubbed(Map<String, String> source, List<String> allowlist) {
    Map<String, String> env = new HashMap<>();
    for (Map.Entry<String, String> e : source.entrySet()) {
      String name = e.getKey();
      if (isSecret(name)) {
        continue;
      }
      if (!allowlist.isEmpty() && !BASICS.contains(name) && !allowlist.contains(name)) {
        continue;
      }
      env.put(name, e.getValue());
    }
    return env;
  }

  /**
   * The environment for a repository's tests: {@link #scrubbed} plus {@code CI=true}, which makes
   * test tools run once, without watch modes, prompts or colour. {@code HOME} stays, so local
   * caches such as {@code ~/.m2} keep working.
   */
  public static Map<String, String> forTests(Map<String, String> source, List<String> allowlist) {
    Map<String, String> env = scrubbed(source, allowlist);
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
}
