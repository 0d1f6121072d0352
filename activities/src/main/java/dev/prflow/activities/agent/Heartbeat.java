package dev.prflow.activities.agent;

/** Reports liveness to whoever waits; returns false when the work should stop. */
@FunctionalInterface
public interface Heartbeat {
  boolean beat(String progress);

  Heartbeat NONE = progress -> true;
}
