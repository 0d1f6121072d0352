package dev.prflow.activities.testing;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
import dev.prflow.activities.sandbox.Sandbox;
import dev.prflow.activities.sandbox.SandboxMounts;
import dev.prflow.workflows.model.TestRun;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Runs a repository's tests on one commit: checks the commit out into a scratch worktree, runs the
 * test command with a timeout in an allowlisted environment ({@link Environment#forTests}) and,
 * when configured, in the {@link Sandbox} (the scratch worktree and its scratch directory the only
 * writable paths, the network cut with {@code PRFLOW_TEST_NETWORK=off}), reads the JUnit XML
 * reports the run left, and removes the worktree afterwards, whether the tests passed, failed,
 * timed out or were cancelled.
 *
 * <p>The command is {@code test_command} from {@code .prflow.yml}, else one detected from the
 * tree's build files ({@link TestCommandDetector}), else the worker's default.
 */
public final class TestRunner {

  /** At most this much of the output's end travels in the {@link TestRun}. */
  public static final int TAIL_BYTES = 16 * 1024;

  /** At most this much of the output's end is kept at all. */
  public static final int MAX_OUTPUT = 1 << 20;

  /** Set to {@code true} to run detected Maven builds offline ({@code -o}). */
  public static final String MAVEN_OFFLINE_VARIABLE = "PRFLOW_MAVEN_OFFLINE";

  private final Worktrees worktrees;
  private final String defaultCommand;
  private final Duration defaultTimeout;
  private final boolean mavenOffline;
  private Sandbox sandbox = Sandbox.off();
  private boolean network = true;

  /**
   * Reads {@value #MAVEN_OFFLINE_VARIABLE} from the environment.
   *
   * @param defaultCommand used when the repository has no {@code test_command} and none is
   *     detected; may be null
   */
  public TestRunner(Worktrees worktrees, String defaultCommand, Duration defaultTimeout) {
    this(
        worktrees,
        defaultCommand,
        defaultTimeout,
        "true".equalsIgnoreCase(System.getenv(MAVEN_OFFLINE_VARIABLE)));
  }

  /**
   * @param mavenOffline detected Maven builds run with {@code -o}, never reaching the network
   */
  public TestRunner(
      Worktrees worktrees, String defaultCommand, Duration defaultTimeout, boolean mavenOffline) {
    this.worktrees = worktrees;
    this.defaultCommand = defaultCommand;
    this.defaultTimeout = defaultTimeout;
    this.mavenOffline = mavenOffline;
  }

  /**
   * Runs the tests in {@code sandbox}; {@code network} false cuts them off the network (only when
   * sandboxed).
   */
  public TestRunner withSandbox(Sandbox sandbox, boolean network) {
    this.sandbox = sandbox;
    this.network = network;
    return this;
  }

  public TestExecution run(Git repo, String commit, Heartbeat heartbeat) {
    RepoConfig config;
    try {
      config = readConfig(repo, commit);
    } catch (IllegalArgumentException broken) {
      // a RepoConfig.ParseProblem: ".prflow.yml line N: ..."
      return new TestExecution(
          new TestRun(TestRun.ERROR, null, null, 0, null, false, broken.getMessage()), null);
    }
    Duration timeout = config.timeout() != null ? config.timeout() : defaultTimeout;
    Path dir =
        worktrees.addDetached(
            repo, "tests-" + commit.substring(0, Math.min(7, commit.length())), commit);
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory(dir.getParent(), "tests-scratch-");
      TestCommandDetector detector = new TestCommandDetector(mavenOffline, scratch);
      String command = config.testCommand();
      Optional<DetectedCommand> detected = Optional.empty();
      if (command == null) {
        detected = detector.detect(dir);
        command = detected.map(DetectedCommand::command).orElse(defaultCommand);
      }
      if (command == null || command.isBlank()) {
        return new TestExecution(
            new TestRun(
                TestRun.NOT_RUN,
                null,
                null,
                0,
                null,
                false,
                "no test command: set test_command in .prflow.yml or PRFLOW_TEST_COMMAND"
                    + " (no Maven, Gradle, npm, pytest or go project was detected)"),
            null);
      }
      return execute(
          command, detected, timeout, config, dir, scratch, detector.pytestReport(), heartbeat);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory next to " + dir, e);
    } finally {
      worktrees.remove(repo, dir);
      deleteRecursively(scratch);
    }
  }

  private TestExecution execute(
      String command,
      Optional<DetectedCommand> detected,
      Duration timeout,
      RepoConfig config,
      Path dir,
      Path scratch,
      Path pytestReport,
      Heartbeat heartbeat) {
    Map<Path, String> before = JUnitReports.snapshot(dir);
    Map<String, String> worker = System.getenv();
    ProcessSpec spec =
        new ProcessSpec(
            List.of("sh", "-c", command),
            dir,
            Environment.forTests(worker, sandbox.home(worker), config.env()),
            null,
            timeout,
            MAX_OUTPUT);
    if (sandbox.enabled()) {
      spec =
          sandbox.confine(
              spec, new SandboxMounts(List.of(dir, scratch), Sandbox.gitDirectories(dir), network));
    }
    long started = System.nanoTime();
    String what = detected.map(d -> d.tool() + " tests").orElse("tests");
    ProcessResult result =
        ProcessRunner.run(
            spec,
            () ->
                heartbeat.beat(
                    what
                        + " running for "
                        + (System.nanoTime() - started) / 1_000_000_000L
                        + " s"));
    TestReportSummary reports =
        JUnitReports.read(
            dir,
            pytestReport == null || detected.isEmpty() ? List.of() : List.of(pytestReport),
            before);

    String full = tailUtf8(result.output(), MAX_OUTPUT);
    String tail = tailUtf8(full, TAIL_BYTES);
    boolean truncated = result.truncated() || tail.length() < full.length();

    List<String> reason = new ArrayList<>();
    String status;
    Integer exitCode = null;
    if (result.timedOut()) {
      status = TestRun.TIMED_OUT;
      reason.add(
          "timeout: tests ran longer than "
              + timeout.toSeconds()
              + " s; the process tree was killed");
    } else {
      exitCode = result.exitCode();
      status = exitCode == 0 ? TestRun.PASSED : TestRun.FAILED;
      if (exitCode != 0) {
        reason.add(
            "test command exited with "
                + exitCode
                + (exitCode == 127 ? " (command not found: is the tool installed?)" : ""));
      } else if (reports.counts() != null
          && reports.counts().failed() + reports.counts().errors() > 0) {
        reason.add("the command exited with 0 although its JUnit reports list failing tests");
      }
    }
    detected.ifPresent(d -> reason.add("no test_command in .prflow.yml; detected " + d.tool()));
    reason.addAll(reports.notes());
    TestRun run =
        new TestRun(
            status,
            command,
            exitCode,
            result.durationMs(),
            tail,
            truncated,
            reason.isEmpty() ? null : String.join("; ", reason),
            reports.counts(),
            reports.failures());
    return new TestExecution(run, full);
  }

  static RepoConfig readConfig(Git repo, String commit) {
    ProcessResult shown = repo.exec("show", commit + ":" + RepoConfig.FILE);
    if (!shown.succeeded()) {
      return RepoConfig.empty();
    }
    return RepoConfig.parse(shown.output());
  }

  /** The longest end of {@code text} whose UTF-8 encoding fits {@code maxBytes}. */
  static String tailUtf8(String text, int maxBytes) {
    if ((long) text.length() * 3 <= maxBytes) {
      return text; // no char takes more than 3 bytes (a surrogate pair takes 4 for 2)
    }
    long bytes = 0;
    int start = text.length();
    while (start > 0) {
      int cp = text.codePointBefore(start);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      start -= Character.charCount(cp);
    }
    return text.substring(start);
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort, like the worktree's own removal
    }
  }
}
