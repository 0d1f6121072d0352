package dev.prflow.activities.process;

/**
 * How a child process ended. {@code output} holds stdout and stderr interleaved, capped at the
 * runner's limit; when more was written, {@code truncated} is set and the tail is kept.
 */
public record ProcessResult(
    int exitCode, boolean timedOut, long durationMs, String output, boolean truncated) {

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }
}
