package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What the security scan found in added lines: secrets (redacted), risky code, dependency changes,
 * and what it had to skip.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SecurityResult(
    List<Finding> secrets,
    List<Finding> risks,
    List<DependencyChange> dependencies,
    List<String> skipped) {

  public SecurityResult {
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
    risks = risks == null ? List.of() : List.copyOf(risks);
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
  }

  /** How a skipped note starts when the scan itself failed, so nothing was scanned. */
  public static final String COULD_NOT_RUN = "security scan could not run: ";

  /** The scan failed as a whole: its empty lists say nothing about the pull request. */
  public boolean couldNotRun() {
    return skipped.stream().anyMatch(note -> note.startsWith(COULD_NOT_RUN));
  }
}
