package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A task status transition. {@code seq} orders transitions within one task so that a retried or
 * late write never moves a task backwards or records a transition twice.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusChange(long taskId, int seq, String status, String detail) {}
