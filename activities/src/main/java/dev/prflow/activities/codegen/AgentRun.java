package dev.prflow.activities.codegen;

import java.util.List;

/**
 * One Codegen agent run as the API reports it ({@code AgentRunResponse}): the id, the raw status,
 * the trace page, the URLs of the pull requests it opened and its final message.
 */
public record AgentRun(
    String id, String status, String webUrl, List<String> pullRequestUrls, String result) {

  public AgentRun {
    pullRequestUrls = pullRequestUrls == null ? List.of() : List.copyOf(pullRequestUrls);
  }

  public RunStatus runStatus() {
    return RunStatus.of(status);
  }
}
