package dev.prflow.activities.codegen;

/**
 * Something went wrong talking to Codegen or following a run. The {@link Kind} tells the caller
 * whether trying again can help; messages are written for a person and never carry the API key.
 */
public class CodegenException extends RuntimeException {

  /** What went wrong, and so whether a later try may succeed. */
  public enum Kind {
    /** HTTP 402: the organisation's plan allowance of agent runs is used up. */
    PLAN_LIMIT(false),
    /** HTTP 401/403: the key or organisation id is wrong. */
    AUTH(false),
    /** HTTP 404: the organisation or agent run does not exist (or has no repositories). */
    NOT_FOUND(false),
    /** Codegen does not list the task's repository: connect it in Codegen first. */
    REPO_NOT_CONNECTED(false),
    /** Any other 4xx: the request itself is wrong. */
    BAD_REQUEST(false),
    /** A response that is not the JSON the published API describes. */
    MALFORMED(false),
    /** HTTP 429 that outlasted our own waiting. */
    RATE_LIMITED(true),
    /** Network failure, or 5xx/408 that outlasted our own retries. */
    UNAVAILABLE(true),
    /** The run ended in a failed status (FAILED, ERROR, CANCELLED, ...). */
    RUN_FAILED(false),
    /** The run completed but opened no pull request. */
    NO_PULL_REQUEST(false),
    /** The run did not finish within the caller's deadline; following it again may succeed. */
    TIMED_OUT(true),
    /** The caller asked us to stop following the run. */
    CANCELLED(false);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Kind kind;
  private final int httpStatus;

  public CodegenException(Kind kind, String message) {
    this(kind, message, 0, null);
  }

  public CodegenException(Kind kind, String message, int httpStatus, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind.retryable();
  }

  /** The HTTP status behind this failure, or 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }
}
