package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One step of a run as the {@code status} query shows it; times are epoch milliseconds. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TimelineEntry(
    String step,
    @JsonProperty("started_at") long startedAt,
    @JsonProperty("ended_at") Long endedAt,
    String outcome) {}
