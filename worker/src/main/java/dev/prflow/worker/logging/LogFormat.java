package dev.prflow.worker.logging;

import java.util.Locale;

/**
 * How prflow's log lines look ({@code PRFLOW_LOG_FORMAT}): {@code text} for people at a terminal,
 * {@code json} (one object per line) for a log pipeline.
 */
public enum LogFormat {
  TEXT,
  JSON;

  public static final String VARIABLE = "PRFLOW_LOG_FORMAT";

  /**
   * Reads the variable's value; blank or absent is {@code text}.
   *
   * @throws IllegalArgumentException naming the variable and what it may be
   */
  public static LogFormat parse(String value) {
    if (value == null || value.isBlank()) {
      return TEXT;
    }
    return switch (value.strip()) {
      case "text" -> TEXT;
      case "json" -> JSON;
      default ->
          throw new IllegalArgumentException(
              VARIABLE + " must be text or json, not " + value.strip().toLowerCase(Locale.ROOT));
    };
  }
}
