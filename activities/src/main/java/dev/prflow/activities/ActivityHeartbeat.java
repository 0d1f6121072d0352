package dev.prflow.activities;

import dev.prflow.activities.agent.Heartbeat;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;

/**
 * Heartbeats to Temporal at most every few seconds; returns false once Temporal says the activity
 * was cancelled or timed out, so the caller stops its child process.
 */
final class ActivityHeartbeat implements Heartbeat {

  private static final long INTERVAL_MILLIS = 1_000;

  private final ActivityExecutionContext context;
  private long last;

  private ActivityHeartbeat(ActivityExecutionContext context) {
    this.context = context;
  }

  /** The current activity's heartbeat, or one that does nothing outside an activity. */
  static Heartbeat current() {
    try {
      return new ActivityHeartbeat(Activity.getExecutionContext());
    } catch (IllegalStateException notInActivity) {
      return Heartbeat.NONE;
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
