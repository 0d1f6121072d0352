package dev.prflow.activities.agent;

import dev.prflow.activities.process.ProcessCancelledException;
import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
import dev.prflow.activities.testing.Environment;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a user's local agent command ({@code PRFLOW_AGENT_COMMAND}) in the attempt's worktree. The
 * command is the operator's own configuration; task text never enters it. The prompt reaches the
 * agent on stdin and as a file whose path replaces {@code {prompt_file}}.
 */
public final class CommandAgent implements CodingAgent {

  private static final int MAX_OUTPUT = 256 * 1024;
  private static final int TAIL = 8 * 1024;

  private final String command;
  private final Duration timeout;

  public CommandAgent(String command, Duration timeout) {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("PRFLOW_AGENT_COMMAND is empty");
    }
    this.command = command;
    this.timeout = timeout;
  }

  @Override
  public String name() {
    return "command";
  }

  @Override
  public AgentOutput work(AgentWork work, Heartbeat heartbeat) {
    String resolved = command.replace("{prompt_file}", shellQuote(work.promptFile().toString()));
    Map<String, String> env = Environment.scrubbed(System.getenv(), List.of());
    env.put("PRFLOW_TASK_ID", String.valueOf(work.task().id()));
    env.put("PRFLOW_ATTEMPT", String.valueOf(work.attempt()));
    env.put("PRFLOW_STRATEGY", work.strategy());
    env.put("PRFLOW_PROMPT_FILE", work.promptFile().toString());
    ProcessSpec spec =
        new ProcessSpec(
            List.of("sh", "-c", resolved),
            work.worktree(),
            env,
            work.prompt().getBytes(StandardCharsets.UTF_8),
            timeout,
            MAX_OUTPUT);
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
