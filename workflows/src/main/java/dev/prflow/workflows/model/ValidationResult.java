package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The verdict on a pull request: {@code pass}, {@code needs_changes} or {@code fail}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ValidationResult(
    long reportId,
    String verdict,
    String summary,
    PullRequestRef pr,
    PrAnalysis analysis,
    TestRun tests) {

  public static final String PASS = "pass";
  public static final String NEEDS_CHANGES = "needs_changes";
  public static final String FAIL = "fail";

  public boolean passed() {
    return PASS.equals(verdict);
  }
}
