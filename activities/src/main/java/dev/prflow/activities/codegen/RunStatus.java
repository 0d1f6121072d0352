package dev.prflow.activities.codegen;

import java.util.Locale;
import java.util.Set;

/**
 * Where a run stands, read from Codegen's free-form {@code status} string. The published schema
 * types it as a plain nullable string, so anything we do not recognise counts as still running and
 * the caller's deadline bounds the wait.
 */
public record RunStatus(Phase phase, String raw) {

  /** The three things a caller needs to know. */
  public enum Phase {
    RUNNING,
    DONE,
    FAILED
  }

  // COMPLETED: Codegen's own docs show a lowercase "completed" in an example response.
  private static final Set<String> DONE = Set.of("COMPLETE", "COMPLETED");
  private static final Set<String> FAILED =
      Set.of(
          "FAILED",
          "ERROR",
          "CANCELLED",
          "STOPPED",
          "TIMEOUT",
          "MAX_ITERATIONS_REACHED",
          "OUT_OF_TOKENS");

  public static RunStatus of(String status) {
    String norm = status == null ? "" : status.trim().toUpperCase(Locale.ROOT);
    if (DONE.contains(norm)) {
      return new RunStatus(Phase.DONE, status);
    }
    if (FAILED.contains(norm)) {
      return new RunStatus(Phase.FAILED, status);
    }
    return new RunStatus(Phase.RUNNING, status);
  }

  public boolean done() {
    return phase == Phase.DONE;
  }

  public boolean failed() {
    return phase == Phase.FAILED;
  }

  public boolean running() {
    return phase == Phase.RUNNING;
  }

  /** The status as the reason for a failure, upper-cased (for example {@code OUT_OF_TOKENS}). */
  public String reason() {
    return raw == null ? "UNKNOWN" : raw.trim().toUpperCase(Locale.ROOT);
  }
}
