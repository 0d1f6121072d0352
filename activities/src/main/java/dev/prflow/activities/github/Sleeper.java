package dev.prflow.activities.github;

import java.time.Duration;

/** Waits between attempts; injected so tests can check the waits without spending them. */
@FunctionalInterface
public interface Sleeper {

  /** Sleeps on the calling thread. */
  Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
