package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Closes a pull request with a comment; {@code state} is {@code superseded} or {@code closed}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClosePullRequest(PullRequestRef pr, String state, String comment) {}
