package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Asks the code host to open (or find) the pull request for an agent's branch. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PullRequestRequest(TaskSpec task, int attempt, AgentRunResult run) {}
