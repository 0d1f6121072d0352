package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What an agent produced: a branch with at least one commit on top of the base (local agents), or a
 * pull request it opened itself (remote agents such as Codegen, with their run id and trace page).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentRunResult(
    String agent,
    String branch,
    String baseSha,
    String headSha,
    List<String> changedFiles,
    String summary,
    boolean reused,
    Integer prNumber,
    String prUrl,
    String externalRunId,
    String webUrl) {

  public AgentRunResult {
    changedFiles = changedFiles == null ? List.of() : List.copyOf(changedFiles);
  }

  /** A local agent's result: a branch, no pull request of its own. */
  public AgentRunResult(
      String agent,
      String branch,
      String baseSha,
      String headSha,
      List<String> changedFiles,
      String summary,
      boolean reused) {
    this(agent, branch, baseSha, headSha, changedFiles, summary, reused, null, null, null, null);
  }
}
