package dev.prflow.activities.notify;

import java.time.Duration;

/**
 * A notification could not be delivered. {@link #retryable()} says whether a later try may succeed
 * (a 5xx, 408, 429 or a network failure) or never will (any other 4xx); {@link #retryAfter()} is
 * the wait the server asked for, if it asked. The message never carries the webhook's secret path.
 */
public class NotificationException extends RuntimeException {

  private final boolean retryable;
  private final Duration retryAfter;

  public NotificationException(String message, boolean retryable, Duration retryAfter) {
    super(message);
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The server's {@code Retry-After}, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
