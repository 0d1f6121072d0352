package dev.prflow.activities.process;

/** A child process was stopped because its caller was cancelled. */
public class ProcessCancelledException extends RuntimeException {
  public ProcessCancelledException(String message) {
    super(message);
  }
}
