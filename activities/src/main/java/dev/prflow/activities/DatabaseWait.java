package dev.prflow.activities;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.store.DatabaseOutage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping writes of an expensive activity (agent, tests): each is retried alone while
 * PostgreSQL is unavailable, heartbeating in steps of at most {@value #STEP_MILLIS} ms, so the work
 * around it (an agent run, a test run) is never redone because the row recording it could not be
 * written. Past {@code patience} the activity fails with the retryable type {@value
 * DatabaseOutage#FAILURE_TYPE}: infrastructure, never a domain result. Any other failure passes
 * through untouched.
 */
final class DatabaseWait {

  /** Default patience: covers an outage of several minutes inside one activity attempt. */
  static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(10);

  static final long STEP_MILLIS = 2_000;
  private static final long FIRST_BACKOFF_MILLIS = 250;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private static final Logger log = LoggerFactory.getLogger(DatabaseWait.class);

  private final Duration patience;

  DatabaseWait(Duration patience) {
    this.patience = patience;
  }

  static DatabaseWait standard() {
    return new DatabaseWait(DEFAULT_PATIENCE);
  }

  void run(String what, Heartbeat heartbeat, Runnable write) {
    call(
        what,
        heartbeat,
        () -> {
          write.run();
          return null;
        });
  }

  <T> T call(String what, Heartbeat heartbeat, Supplier<T> call) {
    long deadline = System.nanoTime() + patience.toNanos();
    long backoff = FIRST_BACKOFF_MILLIS;
    int tries = 0;
    while (true) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        if (!DatabaseOutage.isOutage(e)) {
          throw e;
        }
        tries++;
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          throw unavailable(what, e);
        }
        if (tries == 1) {
          log.warn(
              "PostgreSQL unavailable while {}; waiting up to {} s: {}",
              what,
              patience.toSeconds(),
              DatabaseOutage.describe(e));
        }
        pause(Math.min(backoff, left), what, heartbeat, e);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  private static void pause(long millis, String what, Heartbeat heartbeat, RuntimeException e) {
    long end = System.nanoTime() + millis * 1_000_000;
    while (true) {
      if (!heartbeat.beat("waiting for PostgreSQL: " + what)) {
        // Cancelled or timed out: stop waiting; the failure is still infrastructure.
        throw unavailable(what, e);
      }
      long left = (end - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return;
      }
      try {
        Thread.sleep(Math.min(left, STEP_MILLIS));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw unavailable(what, e);
      }
    }
  }

  /** A retryable failure of the infrastructure type, naming what could not be written. */
  static ApplicationFailure unavailable(String what, Throwable cause) {
    return ApplicationFailure.newFailureWithCause(
        "PostgreSQL unavailable while " + what + ": " + DatabaseOutage.describe(cause),
        DatabaseOutage.FAILURE_TYPE,
        null);
  }
}
