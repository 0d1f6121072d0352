package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** How a task ended, written once to the store and returned by the workflow. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskOutcome(
    long taskId,
    String status,
    String reason,
    int attempts,
    PullRequestRef pr,
    ValidationResult validation) {}
