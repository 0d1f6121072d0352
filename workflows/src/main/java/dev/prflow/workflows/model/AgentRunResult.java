package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** What an agent produced: a branch with at least one commit on top of the base. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentRunResult(
    String agent,
    String branch,
    String baseSha,
    String headSha,
    List<String> changedFiles,
    String summary,
    boolean reused) {

  public AgentRunResult {
    changedFiles = changedFiles == null ? List.of() : List.copyOf(changedFiles);
  }
}
