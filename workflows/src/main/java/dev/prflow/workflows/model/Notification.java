package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Something people should hear about a task: {@code event} is completed, failed, etc. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Notification(long taskId, String event, String title, String message, String url) {}
