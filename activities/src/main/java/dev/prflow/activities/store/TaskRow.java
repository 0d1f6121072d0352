package dev.prflow.activities.store;

import dev.prflow.workflows.model.TaskControls;
import java.time.Instant;
import java.util.List;

/**
 * A task as stored.
 *
 * @param givenPrompt the prompt a {@code create-pr} task brought (no prompt generation), or null
 * @param branchName the branch of its first attempt, or null
 * @param statusSeq the sequence number of the transition that set the status
 */
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
    TaskControls controls,
    String givenPrompt,
    String branchName,
    int statusSeq) {}
