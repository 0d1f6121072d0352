package dev.prflow.activities.codegen;

import java.time.Duration;

/** Waits between calls; a seam so tests can record waits instead of spending them. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  Sleeper REAL =
      duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
          Thread.sleep(duration.toMillis());
        }
      };
}
