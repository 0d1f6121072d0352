package dev.prflow.activities.testing;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.process.ProcessCancelledException;
import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
import dev.prflow.workflows.model.TestRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs a repository's tests on one commit: checks the commit out into a scratch worktree, runs the
 * test command with a timeout in a scrubbed environment, and removes the worktree afterwards.
 */
public final class TestRunner {

  /** At most this much of the output's end travels in the result. */
  public static final int TAIL_BYTES = 16 * 1024;

  private static final int MAX_OUTPUT = 1 << 20;

  private final Worktrees worktrees;
  private final String defaultCommand;
  private final Duration defaultTimeout;

  /**
   * @param defaultCommand used when the repository has no {@code test_command}; may be null
   */
  public TestRunner(Worktrees worktrees, String defaultCommand, Duration defaultTimeout) {
    this.worktrees = worktrees;
    this.defaultCommand = defaultCommand;
    this.defaultTimeout = defaultTimeout;
  }

  public TestRun run(Git repo, String commit, Heartbeat heartbeat) {
    RepoConfig config;
    try {
      config = readConfig(repo, commit);
    } catch (IllegalArgumentException broken) {
      return new TestRun(TestRun.ERROR, null, null, 0, null, false, broken.getMessage());
    }
    String command = config.testCommand() != null ? config.testCommand() : defaultCommand;
    if (command == null || command.isBlank()) {
      return new TestRun(
          TestRun.NOT_RUN,
          null,
          null,
          0,
          null,
          false,
          "no test command: set test_command in .prflow.yml or PRFLOW_TEST_COMMAND");
    }
    Duration timeout = config.timeout() != null ? config.timeout() : defaultTimeout;
    Path dir =
        worktrees.addDetached(
            repo, "tests-" + commit.substring(0, Math.min(7, commit.length())), commit);
    try {
      ProcessSpec spec =
          new ProcessSpec(
              List.of("sh", "-c", command),
              dir,
              Environment.scrubbed(System.getenv(), config.env()),
              null,
              timeout,
              MAX_OUTPUT);
      ProcessResult result = ProcessRunner.run(spec, () -> heartbeat.beat("tests running"));
      String tail = tail(result.output());
      boolean truncated = result.truncated() || tail.length() < result.output().length();
      if (result.timedOut()) {
        return new TestRun(
            TestRun.TIMED_OUT,
            command,
            null,
            result.durationMs(),
            tail,
            truncated,
            "tests timed out after " + timeout.toSeconds() + " s; the process tree was killed");
      }
      String status = result.exitCode() == 0 ? TestRun.PASSED : TestRun.FAILED;
      String reason =
          result.exitCode() == 0 ? null : "test command exited with " + result.exitCode();
      return new TestRun(
          status, command, result.exitCode(), result.durationMs(), tail, truncated, reason);
    } catch (ProcessCancelledException cancelled) {
      throw cancelled;
    } finally {
      worktrees.remove(repo, dir);
    }
  }

  static RepoConfig readConfig(Git repo, String commit) {
    ProcessResult shown = repo.exec("show", commit + ":" + RepoConfig.FILE);
    if (!shown.succeeded()) {
      return RepoConfig.empty();
    }
    return RepoConfig.parse(shown.output());
  }

  static String tail(String output) {
    if (output.length() <= TAIL_BYTES) {
      return output;
    }
    return output.substring(output.length() - TAIL_BYTES);
  }
}
