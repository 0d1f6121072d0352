package dev.prflow.activities;

import dev.prflow.activities.agent.Heartbeat;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.function.Supplier;

/**
 * Heartbeats to Temporal at most every second; returns false once Temporal says the activity was
 * cancelled or timed out, so the caller stops its child process or its wait.
 *
 * <p>The one way prflow keeps a long activity alive: waiting loops (process runners, {@link
 * dev.prflow.activities.http.Sleeper#REAL}) beat {@link #current()} at least every second. Code
 * that wants its own details in every beat (the Codegen run id) installs its heartbeat with {@link
 * #within}, so waits deep inside a client beat through it.
 */
public final class ActivityHeartbeat implements Heartbeat {

  private static final long INTERVAL_MILLIS = 1_000;
  private static final ThreadLocal<Heartbeat> SCOPED = new ThreadLocal<>();

  private final ActivityExecutionContext context;
  private long last;

  private ActivityHeartbeat(ActivityExecutionContext context) {
    this.context = context;
  }

  /**
   * The heartbeat installed by {@link #within} on this thread, else the current activity's, else
   * one that does nothing (outside an activity).
   */
  public static Heartbeat current() {
    Heartbeat scoped = SCOPED.get();
    if (scoped != null) {
      return scoped;
    }
    try {
      return new ActivityHeartbeat(Activity.getExecutionContext());
    } catch (IllegalStateException notInActivity) {
      return Heartbeat.NONE;
    }
  }

  /** Runs {@code work} with {@code heartbeat} as this thread's {@link #current()} heartbeat. */
  public static <T> T within(Heartbeat heartbeat, Supplier<T> work) {
    Heartbeat previous = SCOPED.get();
    SCOPED.set(heartbeat);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        SCOPED.remove();
      } else {
        SCOPED.set(previous);
      }
    }
  }

  @Override
  public boolean beat(String progress) {
    long now = System.currentTimeMillis();
    if (now - last < INTERVAL_MILLIS) {
      return true;
    }
    last = now;
    try {
      context.heartbeat(progress);
      return true;
    } catch (ActivityCompletionException cancelledOrGone) {
      return false;
    }
  }
}
