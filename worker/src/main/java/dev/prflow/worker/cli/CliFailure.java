package dev.prflow.worker.cli;

/**
 * A command ends with one line for the person and an exit code: 1 when the API (or the task) said
 * no, 2 when it could not be asked at all or the input is unusable.
 */
public final class CliFailure extends RuntimeException {

  /** The API answered with an error. */
  public static final int API_ERROR = 1;

  /** No API answered, no key, or input that cannot be used. */
  public static final int UNREACHABLE = 2;

  private final int exitCode;

  public CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
