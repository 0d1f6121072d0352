package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Payload of the {@code retry} update: the strategy of the next attempt (null: the ladder's). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetryRequest(String strategy, String by) {}
