package dev.prflow.workflows;

import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;

/** Turns a Temporal failure chain into the sentence a person reads in the task view. */
final class Failures {

  private Failures() {}

  static String reason(Throwable failure) {
    Throwable cause = failure;
    String message = failure.getMessage();
    while (cause != null) {
      if (cause instanceof ApplicationFailure app) {
        return app.getOriginalMessage();
      }
      if (cause instanceof TemporalFailure temporal && temporal.getOriginalMessage() != null) {
        message = temporal.getOriginalMessage();
      }
      cause = cause.getCause();
    }
    return message == null ? failure.getClass().getSimpleName() : message;
  }
}
