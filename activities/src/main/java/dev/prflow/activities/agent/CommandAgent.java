package dev.prflow.activities.agent;

import dev.prflow.activities.process.ProcessCancelledException;
import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
import dev.prflow.activities.sandbox.Sandbox;
import dev.prflow.activities.sandbox.SandboxMounts;
import dev.prflow.activities.testing.Environment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a user's local agent command ({@code PRFLOW_AGENT_COMMAND}) in the attempt's worktree. The
 * command is the operator's own configuration; task text never enters it. The prompt reaches the
 * agent on stdin and as a file whose path replaces {@code {prompt_file}}.
 *
 * <p>It runs in the {@link Sandbox} (network on, for the agent's model API): only the worktree is
 * writable, the repository's git directory and the prompt file are readable, and its environment
 * holds the basics, {@code PRFLOW_TASK_ID}, {@code PRFLOW_ATTEMPT}, {@code PRFLOW_STRATEGY}, {@code
 * PRFLOW_PROMPT_FILE} and the names the operator lists in {@code PRFLOW_AGENT_ENV}.
 */
public final class CommandAgent implements CodingAgent {

  private static final int MAX_OUTPUT = 256 * 1024;
  private static final int TAIL = 8 * 1024;

  private final String command;
  private final Duration timeout;
  private final Sandbox sandbox;
  private final List<String> agentEnvironment;

  /** Unsandboxed, with no variable of the worker's beyond the basics. */
  public CommandAgent(String command, Duration timeout) {
    this(command, timeout, Sandbox.off(), List.of());
  }

  /**
   * @param agentEnvironment names of the worker's variables the command receives ({@code
   *     PRFLOW_AGENT_ENV}): an agent CLI's own credentials
   */
  public CommandAgent(
      String command, Duration timeout, Sandbox sandbox, List<String> agentEnvironment) {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("PRFLOW_AGENT_COMMAND is empty");
    }
    this.command = command;
    this.timeout = timeout;
    this.sandbox = sandbox;
    this.agentEnvironment = List.copyOf(agentEnvironment);
  }

  @Override
  public String name() {
    return "command";
  }

  @Override
  public AgentOutput work(AgentWork work, Heartbeat heartbeat) {
    Path promptFile = work.promptFile().toAbsolutePath();
    String resolved = command.replace("{prompt_file}", shellQuote(promptFile.toString()));
    Map<String, String> worker = System.getenv();
    Map<String, String> env =
        Environment.allowlisted(worker, sandbox.home(worker), agentEnvironment, true);
    env.put("PRFLOW_TASK_ID", String.valueOf(work.task().id()));
    env.put("PRFLOW_ATTEMPT", String.valueOf(work.attempt()));
    env.put("PRFLOW_STRATEGY", work.strategy());
    env.put("PRFLOW_PROMPT_FILE", promptFile.toString());
    ProcessSpec spec =
        new ProcessSpec(
            List.of("sh", "-c", resolved),
            work.worktree(),
            env,
            work.prompt().getBytes(StandardCharsets.UTF_8),
            timeout,
            MAX_OUTPUT);
    if (sandbox.enabled()) {
      List<Path> readable = new ArrayList<>(Sandbox.gitDirectories(work.worktree()));
      readable.add(promptFile);
      spec = sandbox.confine(spec, new SandboxMounts(List.of(work.worktree()), readable, true));
    }
    ProcessResult result;
    try {
      result = ProcessRunner.run(spec, () -> heartbeat.beat("agent command running"));
    } catch (ProcessCancelledException cancelled) {
      throw new AgentException("agent command was cancelled", false, null);
    }
    String tail = tail(result.output());
    if (result.timedOut()) {
      throw new AgentException(
          "agent command timed out after " + timeout.toSeconds() + " s", true, tail);
    }
    if (result.exitCode() != 0) {
      throw new AgentException(
          "agent command exited with " + result.exitCode() + lastLine(result.output()), true, tail);
    }
    return new AgentOutput("agent command finished in " + result.durationMs() + " ms", tail);
  }

  static String shellQuote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  private static String tail(String output) {
    return output.length() <= TAIL ? output : output.substring(output.length() - TAIL);
  }

  private static String lastLine(String output) {
    List<String> lines = output.strip().lines().filter(l -> !l.isBlank()).toList();
    if (lines.isEmpty()) {
      return "";
    }
    String last = lines.get(lines.size() - 1);
    return ": " + (last.length() > 300 ? last.substring(0, 300) + "…" : last);
  }
}
