package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Payload of the {@code cancel} signal. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CancelRequest(String reason, String by) {}
