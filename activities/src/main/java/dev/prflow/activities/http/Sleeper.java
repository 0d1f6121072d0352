package dev.prflow.activities.http;

import dev.prflow.activities.ActivityHeartbeat;
import dev.prflow.activities.agent.Heartbeat;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Waits between attempts of an HTTP client (Codegen, GitHub, webhooks) and between polls: a seam so
 * tests record the waits instead of spending them.
 */
@FunctionalInterface
public interface Sleeper {

  /** How often a real wait beats its heartbeat; well inside any heartbeat timeout. */
  Duration HEARTBEAT_STEP = Duration.ofSeconds(1);

  /**
   * Blocks the calling thread, beating the current activity's heartbeat ({@link
   * ActivityHeartbeat#current()}) every second, so a 90-second {@code Retry-After} or a 30-second
   * poll interval never outlasts a heartbeat timeout. Zero and negative durations return at once.
   */
  Sleeper REAL = heartbeating(ActivityHeartbeat::current, HEARTBEAT_STEP);

  /**
   * @throws InterruptedException when the thread is interrupted, or when the heartbeat says stop
   *     (the activity was cancelled or timed out)
   */
  void sleep(Duration duration) throws InterruptedException;

  /** Sleeps in steps of at most {@code step}, beating the heartbeat {@code heartbeat} gives. */
  static Sleeper heartbeating(Supplier<Heartbeat> heartbeat, Duration step) {
    long stepNanos = Math.max(1, step.toNanos());
    return duration -> {
      if (duration.isNegative() || duration.isZero()) {
        return;
      }
      Heartbeat beat = heartbeat.get();
      long end = System.nanoTime() + duration.toNanos();
      String progress = "waiting " + duration.toMillis() + " ms";
      for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
        if (!beat.beat(progress)) {
          throw new InterruptedException("stopped while " + progress + ": the heartbeat said stop");
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(left, stepNanos));
      }
    };
  }
}
