package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer to a {@code retry} update: the attempt that will run, and whether it waits its turn.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetryAccepted(int attempt, String strategy, boolean queued) {}
