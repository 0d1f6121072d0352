package dev.prflow.activities.agent;

/**
 * An agent could not do the work. {@code retryable} says whether trying again may help (a crash or
 * timeout) or not (a misconfiguration).
 */
public class AgentException extends RuntimeException {
  private final boolean retryable;
  private final String logTail;

  public AgentException(String message, boolean retryable, String logTail) {
    super(message);
    this.retryable = retryable;
    this.logTail = logTail;
  }

  public boolean retryable() {
    return retryable;
  }

  public String logTail() {
    return logTail;
  }
}
