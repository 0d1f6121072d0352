package dev.prflow.activities.notify;

import java.time.Duration;

/** Waits between delivery attempts; tests pass one that only records the delays. */
@FunctionalInterface
public interface Sleeper {

  /** Blocks the calling thread. */
  Sleeper THREAD = delay -> Thread.sleep(delay.toMillis());

  void sleep(Duration delay) throws InterruptedException;
}
