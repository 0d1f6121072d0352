package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a task may be retried and released: at most {@code maxAttempts} attempts (1–10), and with
 * {@code requireApproval} a passing pull request waits up to {@code approvalTimeoutSeconds} for a
 * person; {@code autoMerge} merges it once approved.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskControls(
    int maxAttempts, boolean requireApproval, long approvalTimeoutSeconds, boolean autoMerge) {

  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  public static final int MAX_ATTEMPTS_LIMIT = 10;
  public static final long DEFAULT_APPROVAL_TIMEOUT_SECONDS = 72 * 3600;

  public TaskControls {
    if (maxAttempts <= 0) {
      maxAttempts = DEFAULT_MAX_ATTEMPTS;
    }
    maxAttempts = Math.min(maxAttempts, MAX_ATTEMPTS_LIMIT);
    if (approvalTimeoutSeconds <= 0) {
      approvalTimeoutSeconds = DEFAULT_APPROVAL_TIMEOUT_SECONDS;
    }
  }

  public static TaskControls defaults() {
    return new TaskControls(DEFAULT_MAX_ATTEMPTS, false, DEFAULT_APPROVAL_TIMEOUT_SECONDS, false);
  }
}
