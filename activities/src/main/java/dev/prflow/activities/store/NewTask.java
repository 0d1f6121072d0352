package dev.prflow.activities.store;

import dev.prflow.workflows.model.TaskControls;
import java.util.List;

/** A validated task about to be stored. */
public record NewTask(
    String title,
    String description,
    List<String> requirements,
    List<String> acceptanceCriteria,
    String priority,
    String estimatedComplexity,
    String repository,
    String baseBranch,
    String promptStyle,
    String idempotencyKey,
    String createdBy,
    TaskControls controls) {

  public NewTask {
    controls = controls == null ? TaskControls.defaults() : controls;
  }
}
