package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One thing a check found, pointing at a file and line where it can. {@code category} is {@code
 * tests}, {@code review}, {@code security}, {@code risk}, {@code dependency} or {@code config};
 * {@code severity} is {@code info}, {@code warning} or {@code error}. Secrets in {@code message}
 * are already redacted.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Finding(
    String category,
    String file,
    Integer line,
    String severity,
    String rule,
    String message,
    String suggestion) {

  public static final String INFO = "info";
  public static final String WARNING = "warning";
  public static final String ERROR = "error";
}
