package dev.prflow.activities.http;

import java.time.Duration;

/**
 * Waits between attempts of an HTTP client (Codegen, GitHub, webhooks): a seam so tests record the
 * waits instead of spending them.
 */
@FunctionalInterface
public interface Sleeper {

  /** Blocks the calling thread; zero and negative durations return at once. */
  Sleeper REAL =
      duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
          Thread.sleep(duration.toMillis());
        }
      };

  void sleep(Duration duration) throws InterruptedException;
}
