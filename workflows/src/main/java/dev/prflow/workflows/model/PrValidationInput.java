package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A pull request to validate, and the task it belongs to when there is one. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PrValidationInput(PullRequestRef pr, Long taskId, Integer attempt) {}
