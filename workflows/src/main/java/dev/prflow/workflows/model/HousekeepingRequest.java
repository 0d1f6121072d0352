package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What a scheduled housekeeping run keeps: rows younger than {@code retentionSeconds}. {@code
 * batchSize} (0 for the default) bounds the rows one delete statement touches.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HousekeepingRequest(long retentionSeconds, int batchSize) {}
