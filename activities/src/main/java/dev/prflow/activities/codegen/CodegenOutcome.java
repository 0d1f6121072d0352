package dev.prflow.activities.codegen;

import java.util.List;

/** A finished Codegen run and the pull request it opened. */
public record CodegenOutcome(
    String runId, String webUrl, String prUrl, int prNumber, List<String> warnings) {

  public CodegenOutcome {
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }
}
