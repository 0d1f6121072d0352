package dev.prflow.worker;

import dev.prflow.activities.codegen.CodegenSettings;
import dev.prflow.activities.localgit.RepositoryRoots;
import dev.prflow.activities.time.Durations;
import dev.prflow.api.auth.RateLimit;
import dev.prflow.worker.logging.LogFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Every setting prflow reads, from environment variables (12-factor). Each is documented in the
 * README; a malformed value fails at start-up with one line naming it.
 */
public record PrflowConfig(
    String temporalAddress,
    String temporalNamespace,
    TemporalConnection temporalConnection,
    String temporalCli,
    String taskQueue,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    int httpPort,
    String agent,
    String agentCommand,
    Duration agentTimeout,
    String codegenApiKey,
    String testCommand,
    Duration testTimeout,
    Path home,
    int maxConcurrentActivities,
    int maxConcurrentWorkflows,
    int workflowCache,
    Duration workflowTimeout,
    Duration shutdownGrace,
    String notifyWebhookUrl,
    String githubToken,
    String githubApiUrl,
    String githubWebhookSecret,
    CodegenSettings codegen,
    Duration checksTimeout,
    Duration checksPoll,
    String githubTests,
    String githubGitUrl,
    boolean githubForkTests,
    List<Path> repoRoots,
    boolean agentConfigured,
    boolean sandbox,
    boolean testNetwork,
    List<String> agentEnvironment,
    RateLimit rateLimit,
    RateLimit authFailureLimit,
    int metricsPort,
    Duration retention,
    LogFormat logFormat) {

  /** {@code PRFLOW_METRICS_PORT}'s default: the Prometheus exporters' customary port. */
  public static final int DEFAULT_METRICS_PORT = 9464;

  /** {@link #metricsPort()} when {@code PRFLOW_METRICS_PORT=off}: no metrics server. */
  public static final int METRICS_OFF = -1;

  /**
   * {@code PRFLOW_WORKFLOW_CACHE}'s default: workflows a worker keeps in memory between their
   * workflow tasks (the SDK's default too). Each cached workflow holds a thread and its stack; one
   * evicted (a task parked at the approval gate, say) is replayed from its history when it next has
   * work. At 200, a busy worker (200 tasks and their validation children in flight) replayed so
   * often that it finished 0.29× the bare SDK's workflows instead of 0.37× (bench/run P1), while
   * 1,000 parked tasks cost 207 to 239 MB of RSS at 600 against 130 MB at 200 (P3).
   */
  public static final int DEFAULT_WORKFLOW_CACHE = 600;

  /** {@code PRFLOW_RETENTION}'s default: what housekeeping keeps. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  public static PrflowConfig fromEnvironment() {
    return from(System.getenv());
  }

  public static PrflowConfig from(Map<String, String> env) {
    Path home =
        Path.of(
            nonBlank(
                env,
                "PRFLOW_HOME",
                Path.of(System.getProperty("user.home"), ".prflow").toString()));
    String agentCommand = blankToNull(env.get("PRFLOW_AGENT_COMMAND"));
    String codegenKey = blankToNull(env.get("CODEGEN_API_KEY"));
    CodegenSettings codegen = codegen(env);
    boolean mock = codegen.mockMode();
    String agent = blankToNull(env.get("PRFLOW_AGENT"));
    // Chosen by someone: PRFLOW_AGENT, an agent command, Codegen, or Codegen's mock mode.
    boolean agentConfigured = agent != null || agentCommand != null || codegenKey != null || mock;
    if (agent == null) {
      if (mock) {
        agent = "demo";
      } else if (codegenKey != null) {
        agent = "codegen";
      } else if (agentCommand != null) {
        agent = "command";
      } else {
        agent = "demo";
      }
    }
    if (!agent.equals("demo") && !agent.equals("command") && !agent.equals("codegen")) {
      throw new ConfigException("PRFLOW_AGENT must be codegen, command or demo, not " + agent);
    }
    if (agent.equals("command") && agentCommand == null) {
      throw new ConfigException("PRFLOW_AGENT=command needs PRFLOW_AGENT_COMMAND");
    }
    return new PrflowConfig(
        blankToNull(env.get("TEMPORAL_ADDRESS")),
        nonBlank(env, "TEMPORAL_NAMESPACE", "default"),
        TemporalConnection.from(env),
        blankToNull(env.get("PRFLOW_TEMPORAL_CLI")),
        nonBlank(env, "PRFLOW_TASK_QUEUE", "prflow"),
        blankToNull(env.get("DATABASE_URL")),
        blankToNull(env.get("DATABASE_USER")),
        blankToNull(env.get("DATABASE_PASSWORD")),
        intValue(env, "PRFLOW_HTTP_PORT", 8080, 0, 65535),
        agent,
        agentCommand,
        atMostADay(env, "PRFLOW_AGENT_TIMEOUT", Duration.ofMinutes(30)),
        codegenKey,
        blankToNull(env.get("PRFLOW_TEST_COMMAND")),
        atMostADay(env, "PRFLOW_TEST_TIMEOUT", Duration.ofMinutes(15)),
        home,
        intValue(env, "PRFLOW_MAX_CONCURRENT_ACTIVITIES", 8, 1, 1000),
        intValue(env, "MAX_CONCURRENT_WORKFLOWS", 50, 1, 10000),
        intValue(env, "PRFLOW_WORKFLOW_CACHE", DEFAULT_WORKFLOW_CACHE, 0, 10000),
        durationOrNull(env, "WORKFLOW_TIMEOUT"),
        duration(env, "PRFLOW_SHUTDOWN_GRACE", Duration.ofSeconds(30)),
        notifyUrl(env),
        blankToNull(env.get("GITHUB_TOKEN")),
        blankToNull(env.get("GITHUB_API_URL")),
        blankToNull(env.get("GITHUB_WEBHOOK_SECRET")),
        codegen,
        duration(env, "PRFLOW_CHECKS_TIMEOUT", Duration.ofMinutes(30)),
        duration(env, "PRFLOW_CHECKS_POLL", Duration.ofSeconds(10)),
        githubTests(env),
        nonBlank(env, "GITHUB_GIT_URL", "https://github.com/"),
        githubForkTests(env),
        repoRoots(env, home),
        agentConfigured,
        onOff(env, "PRFLOW_SANDBOX"),
        onOff(env, "PRFLOW_TEST_NETWORK"),
        names(env, "PRFLOW_AGENT_ENV"),
        rateLimit(env, "PRFLOW_RATE_LIMIT", RateLimit.DEFAULT_PER_KEY),
        rateLimit(env, "PRFLOW_AUTH_FAILURE_LIMIT", RateLimit.FAILURES_PER_ADDRESS),
        metricsPort(env),
        retention(env),
        logFormat(env));
  }

  /**
   * How long webhook deliveries, test outputs and notifications are kept: at least a day, so a
   * notice still being retried (up to 2 h) or a delivery GitHub may still redeliver is never lost.
   */
  private static Duration retention(Map<String, String> env) {
    Duration d = duration(env, "PRFLOW_RETENTION", DEFAULT_RETENTION);
    if (d.compareTo(Duration.ofDays(1)) < 0 || d.compareTo(Duration.ofDays(3650)) > 0) {
      throw new ConfigException(
          "PRFLOW_RETENTION must be from 1d to 3650d, not " + env.get("PRFLOW_RETENTION").strip());
    }
    return d;
  }

  private static LogFormat logFormat(Map<String, String> env) {
    try {
      return LogFormat.parse(env.get(LogFormat.VARIABLE));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * The roots {@code local:} repositories may live in, resolved now: the default {@code
   * $PRFLOW_HOME/repos} is created when missing, a configured root that does not exist is left out
   * with a warning; {@code extra} roots (the demo's repositories) are created and added.
   */
  public RepositoryRoots repositoryRoots(List<Path> extra, Consumer<String> warn) {
    Path defaultRoot = home.resolve("repos");
    if (repoRoots.equals(List.of(defaultRoot))) {
      try {
        Files.createDirectories(defaultRoot);
      } catch (IOException e) {
        throw new ConfigException(
            "cannot create " + defaultRoot + " (the default PRFLOW_REPO_ROOTS): " + e.getMessage());
      }
    }
    RepositoryRoots roots = RepositoryRoots.of(repoRoots, warn);
    for (Path root : extra) {
      roots = roots.plus(root);
    }
    if (roots.directories().isEmpty()) {
      warn.accept(
          RepositoryRoots.VARIABLE
              + " names no existing directory: every local: repository is refused");
    }
    return roots;
  }

  private static List<Path> repoRoots(Map<String, String> env, Path home) {
    String value = blankToNull(env.get(RepositoryRoots.VARIABLE));
    if (value == null) {
      return List.of(home.resolve("repos"));
    }
    List<Path> roots = new ArrayList<>();
    for (String part : value.split(":")) {
      if (part.isBlank()) {
        continue;
      }
      Path root = Path.of(part.strip());
      if (!root.isAbsolute()) {
        throw new ConfigException(
            RepositoryRoots.VARIABLE
                + " must list absolute directories separated by ':', not "
                + part.strip());
      }
      roots.add(root.normalize());
    }
    return roots.isEmpty() ? List.of(home.resolve("repos")) : List.copyOf(roots);
  }

  /** The environment's settings with some variables replaced, e.g. the demo's own port. */
  public static PrflowConfig fromEnvironment(Map<String, String> overrides) {
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.putAll(overrides);
    return from(env);
  }

  /** Settings without secrets, for logs. */
  @Override
  public String toString() {
    return "PrflowConfig[agent=" + agent + ", taskQueue=" + taskQueue + ", home=" + home + "]";
  }

  private static String githubTests(Map<String, String> env) {
    String mode = nonBlank(env, "PRFLOW_GITHUB_TESTS", "github-checks");
    if (!mode.equals("github-checks") && !mode.equals("clone")) {
      throw new ConfigException("PRFLOW_GITHUB_TESTS must be github-checks or clone, not " + mode);
    }
    return mode;
  }

  private static RateLimit rateLimit(
      Map<String, String> env, String variable, RateLimit defaultLimit) {
    String v = blankToNull(env.get(variable));
    if (v == null) {
      return defaultLimit;
    }
    try {
      return RateLimit.parse(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(variable + " " + e.getMessage());
    }
  }

  private static boolean githubForkTests(Map<String, String> env) {
    String who = nonBlank(env, "PRFLOW_GITHUB_FORK_TESTS", "trusted");
    if (!who.equals("trusted") && !who.equals("all")) {
      throw new ConfigException("PRFLOW_GITHUB_FORK_TESTS must be trusted or all, not " + who);
    }
    return who.equals("all");
  }

  /**
   * {@code PRFLOW_METRICS_PORT}: where {@code prflow worker} serves {@code /metrics}; {@code 0} a
   * free port (announced at start), {@code off} none.
   */
  private static int metricsPort(Map<String, String> env) {
    String v = blankToNull(env.get("PRFLOW_METRICS_PORT"));
    if (v == null) {
      return DEFAULT_METRICS_PORT;
    }
    if (v.equals("off")) {
      return METRICS_OFF;
    }
    try {
      int port = Integer.parseInt(v);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        "PRFLOW_METRICS_PORT must be a port from 0 to 65535 (0: any free port) or off, not " + v);
  }

  /** {@code on} (the default) or {@code off}. */
  private static boolean onOff(Map<String, String> env, String name) {
    String v = nonBlank(env, name, "on");
    if (!v.equals("on") && !v.equals("off")) {
      throw new ConfigException(name + " must be on or off, not " + v);
    }
    return v.equals("on");
  }

  private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  /** A comma-separated list of environment variable names. */
  private static List<String> names(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    List<String> names = new ArrayList<>();
    if (v == null) {
      return names;
    }
    for (String part : v.split(",")) {
      String n = part.strip();
      if (n.isEmpty()) {
        continue;
      }
      if (!VARIABLE_NAME.matcher(n).matches()) {
        throw new ConfigException(
            name + " must list variable names separated by commas, not " + part.strip());
      }
      names.add(n);
    }
    return List.copyOf(names);
  }

  private static CodegenSettings codegen(Map<String, String> env) {
    try {
      return CodegenSettings.from(env);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static String notifyUrl(Map<String, String> env) {
    String url = blankToNull(env.get("NOTIFY_WEBHOOK_URL"));
    if (url != null && !url.startsWith("https://") && !url.startsWith("http://")) {
      throw new ConfigException("NOTIFY_WEBHOOK_URL must be an http(s) URL");
    }
    return url;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  private static String nonBlank(Map<String, String> env, String name, String fallback) {
    String v = blankToNull(env.get(name));
    return v == null ? fallback : v;
  }

  private static int intValue(
      Map<String, String> env, String name, int fallback, int min, int max) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        name + " must be an integer from " + min + " to " + max + ", not " + v);
  }

  /**
   * Agent and test timeouts: the activities that run them allow a little over a day and are watched
   * by heartbeats, so a longer setting could not be kept.
   */
  private static Duration atMostADay(Map<String, String> env, String name, Duration fallback) {
    Duration d = duration(env, name, fallback);
    if (d.isZero() || d.isNegative() || d.compareTo(Duration.ofHours(24)) > 0) {
      throw new ConfigException(
          name + " must be more than 0 and at most 24h, not " + env.get(name));
    }
    return d;
  }

  private static Duration duration(Map<String, String> env, String name, Duration fallback) {
    Duration d = durationOrNull(env, name);
    return d == null ? fallback : d;
  }

  /** A duration by {@link Durations}' grammar, the one every setting, task field and file uses. */
  private static Duration durationOrNull(Map<String, String> env, String name) {
    String v = blankToNull(env.get(name));
    if (v == null) {
      return null;
    }
    try {
      return Durations.parse(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name + ": " + e.getMessage());
    }
  }
}
