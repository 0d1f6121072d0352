package dev.prflow.activities.github;

import io.temporal.failure.ApplicationFailure;

/**
 * A GitHub call failed. {@code retryable} says whether trying again later may help (rate limits,
 * 5xx, network) or not (4xx, a response we cannot read). {@code status} is the HTTP status, or 0
 * when no response came. Messages never carry the token.
 */
public class GitHubException extends RuntimeException {

  /** Failure type for errors that will not go away by retrying. */
  public static final String NON_RETRYABLE_TYPE = "GitHubRequestRejected";

  /** Failure type for errors worth retrying later. */
  public static final String RETRYABLE_TYPE = "GitHubUnavailable";

  private final int status;
  private final boolean retryable;

  public GitHubException(String message, int status, boolean retryable) {
    super(message);
    this.status = status;
    this.retryable = retryable;
  }

  public int status() {
    return status;
  }

  public boolean retryable() {
    return retryable;
  }

  /** The Temporal failure for an activity to throw, retryable or not as this error is. */
  public ApplicationFailure toApplicationFailure() {
    return retryable
        ? ApplicationFailure.newFailure(getMessage(), RETRYABLE_TYPE)
        : ApplicationFailure.newNonRetryableFailure(getMessage(), NON_RETRYABLE_TYPE);
  }
}
