package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What {@code generatePrompt} needs: the task, a style, and the attempt it is for. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PromptRequest(
    TaskSpec task, String style, int attempt, String strategy, String feedback) {}
