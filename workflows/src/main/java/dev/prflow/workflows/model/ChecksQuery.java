package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One look at a GitHub pull request's tests, {@code waitedMs} after the first look. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChecksQuery(PullRequestRef pr, long waitedMs) {}
