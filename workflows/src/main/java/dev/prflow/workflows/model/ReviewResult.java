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

  /** How a skipped note starts when the review itself failed, so nothing was reviewed. */
  public static final String COULD_NOT_RUN = "code review could not run: ";

  /** The review failed as a whole: no findings means nothing was looked at. */
  public boolean couldNotRun() {
    return skipped.stream().anyMatch(note -> note.startsWith(COULD_NOT_RUN));
  }
}
