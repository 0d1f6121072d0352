package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The result of running a repository's tests on a pull request's head commit. {@code status} is one
 * of {@code passed}, {@code failed}, {@code timed_out}, {@code error} or {@code not_run}. {@code
 * counts} is null when the run left no JUnit XML report.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TestRun(
    String status,
    String command,
    Integer exitCode,
    long durationMs,
    String outputTail,
    boolean outputTruncated,
    String reason,
    TestCounts counts,
    List<TestFailure> failures) {

  public static final String PASSED = "passed";
  public static final String FAILED = "failed";
  public static final String TIMED_OUT = "timed_out";
  public static final String ERROR = "error";
  public static final String NOT_RUN = "not_run";

  /** GitHub's checks are still running; {@code durationMs} is when to look again. */
  public static final String PENDING = "pending";

  public TestRun {
    failures = failures == null ? List.of() : List.copyOf(failures);
  }

  /** A run without JUnit XML results. */
  public TestRun(
      String status,
      String command,
      Integer exitCode,
      long durationMs,
      String outputTail,
      boolean outputTruncated,
      String reason) {
    this(status, command, exitCode, durationMs, outputTail, outputTruncated, reason, null, null);
  }

  public boolean passed() {
    return PASSED.equals(status);
  }
}
