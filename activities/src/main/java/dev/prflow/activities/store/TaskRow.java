package dev.prflow.activities.store;

import dev.prflow.workflows.model.TaskControls;
import java.time.Instant;
import java.util.List;

/** A task as stored. */
public record TaskRow(
    long id,
    String title,
    String description,
    List<String> requirements,
    List<String> acceptanceCriteria,
    String priority,
    String estimatedComplexity,
    String repository,
    String baseBranch,
    String promptStyle,
    String status,
    String failureReason,
    String workflowId,
    String createdBy,
    Instant createdAt,
    Instant updatedAt,
    Instant completedAt,
    TaskControls controls) {}
