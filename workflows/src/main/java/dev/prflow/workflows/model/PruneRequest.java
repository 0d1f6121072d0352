package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Delete rows older than {@code cutoffEpochMillis}, at most {@code batchSize} per statement. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PruneRequest(long cutoffEpochMillis, int batchSize) {}
