package dev.prflow.activities.process;

/**
 * How a child process ended. {@code output} holds stdout and stderr interleaved, capped at the
 * runner's limit; when more was written, {@code truncated} is set and the tail is kept. When the
 * spec asked for {@link ProcessSpec#separateErrorOutput()}, {@code output} is stdout alone and
 * {@code errorOutput} holds the tail of stderr (otherwise it is empty).
 */
public record ProcessResult(
    int exitCode,
    boolean timedOut,
    long durationMs,
    String output,
    boolean truncated,
    String errorOutput) {

  public ProcessResult(
      int exitCode, boolean timedOut, long durationMs, String output, boolean truncated) {
    this(exitCode, timedOut, durationMs, output, truncated, "");
  }

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }
}
