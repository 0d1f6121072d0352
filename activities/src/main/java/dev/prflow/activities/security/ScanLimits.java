package dev.prflow.activities.security;

import dev.prflow.activities.diff.UnifiedDiff;
import java.time.Duration;

/**
 * How much work one scan may do, so that no diff, however hostile, holds the worker.
 *
 * @param stepsPerChar character reads a regex may spend per character of a line
 * @param minSteps character reads every line gets, however short
 * @param perLine wall-clock cap for one regex on one line
 * @param total wall-clock cap for a whole scan; files not reached are listed as skipped
 * @param maxLineChars longer lines are scanned only up to this length
 * @param maxSkipped entries kept in {@code skipped}; the rest are counted in one last entry
 */
record ScanLimits(
    int stepsPerChar,
    int minSteps,
    Duration perLine,
    Duration total,
    int maxLineChars,
    int maxSkipped) {

  static final ScanLimits DEFAULT =
      new ScanLimits(
          200,
          200_000,
          Duration.ofMillis(100),
          Duration.ofSeconds(90),
          UnifiedDiff.MAX_LINE_CHARS,
          100);

  long stepsFor(int lineLength) {
    return Math.max(minSteps, (long) stepsPerChar * lineLength);
  }
}
