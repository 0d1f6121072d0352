package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Everything the validation found, to be judged and stored as one report. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReportRequest(
    String workflowId,
    PrValidationInput input,
    PrAnalysis analysis,
    TestRun tests,
    ReviewResult review,
    SecurityResult security) {

  /** A request with only the analysis and the tests. */
  public ReportRequest(
      String workflowId, PrValidationInput input, PrAnalysis analysis, TestRun tests) {
    this(workflowId, input, analysis, tests, null, null);
  }
}
