package dev.prflow.activities.notify;

import java.time.Duration;

/**
 * How hard a notifier tries before it records a notification as failed. Delays double from {@code
 * initialDelay} up to {@code maxDelay}; a server's {@code Retry-After} replaces the computed delay.
 * {@code budget} caps the total time spent waiting, so that all attempts fit in the notify
 * activity's start-to-close timeout.
 */
public record RetryPolicy(
    int maxAttempts, Duration initialDelay, Duration maxDelay, Duration budget) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (initialDelay == null || initialDelay.isNegative()) {
      throw new IllegalArgumentException("initialDelay must not be negative");
    }
    if (maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("maxDelay must not be shorter than initialDelay");
    }
    if (budget == null || budget.isNegative()) {
      throw new IllegalArgumentException("budget must not be negative");
    }
  }

  /**
   * Five attempts, 0.5 s doubling to at most 4 s, at most 10 s waiting in all: with the default
   * 3-second call timeout every try fits in the 30-second notify activity.
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        5, Duration.ofMillis(500), Duration.ofSeconds(4), Duration.ofSeconds(10));
  }

  /** The wait after the {@code failedAttempts}-th failed attempt (1-based). */
  public Duration backoff(int failedAttempts) {
    Duration delay = initialDelay;
    for (int i = 1; i < failedAttempts && delay.compareTo(maxDelay) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
  }
}
