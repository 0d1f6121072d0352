package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Code review findings on changed lines, and what the review had to skip. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReviewResult(List<Finding> findings, List<String> skipped) {

  public ReviewResult {
    findings = findings == null ? List.of() : List.copyOf(findings);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
  }
}
