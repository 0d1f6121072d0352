package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The verdict on a pull request: {@code pass}, {@code needs_changes} or {@code fail}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValidationResult(
    long reportId,
    String verdict,
    String summary,
    PullRequestRef pr,
    PrAnalysis analysis,
    TestRun tests,
    List<Finding> findings) {

  public static final String PASS = "pass";
  public static final String NEEDS_CHANGES = "needs_changes";
  public static final String FAIL = "fail";

  public ValidationResult {
    findings = findings == null ? List.of() : List.copyOf(findings);
  }

  /** A result without findings. */
  public ValidationResult(
      long reportId,
      String verdict,
      String summary,
      PullRequestRef pr,
      PrAnalysis analysis,
      TestRun tests) {
    this(reportId, verdict, summary, pr, analysis, tests, null);
  }

  public boolean passed() {
    return PASS.equals(verdict);
  }
}
