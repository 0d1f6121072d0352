package dev.prflow.activities.store;

import java.time.Instant;

/**
 * The columns of a task that a list shows: what {@code GET /api/v1/tasks} serves for each item.
 * Reading only these keeps a page of 50 from fetching and parsing descriptions and criteria it
 * never shows.
 */
public record TaskSummaryRow(
    long id,
    String title,
    String status,
    String priority,
    String repository,
    String baseBranch,
    String workflowId,
    Instant createdAt,
    Instant updatedAt) {

  /** The summary of a full row. */
  public static TaskSummaryRow of(TaskRow t) {
    return new TaskSummaryRow(
        t.id(),
        t.title(),
        t.status(),
        t.priority(),
        t.repository(),
        t.baseBranch(),
        t.workflowId(),
        t.createdAt(),
        t.updatedAt());
  }
}
