package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Payload of the {@code checksCompleted} signal: GitHub says the checks of a commit finished. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChecksCompleted(String headSha) {}
