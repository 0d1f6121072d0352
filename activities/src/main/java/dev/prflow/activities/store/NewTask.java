package dev.prflow.activities.store;

import dev.prflow.workflows.model.TaskControls;
import java.util.List;

/**
 * A validated task about to be stored.
 *
 * @param givenPrompt the prompt of a {@code create-pr} task (prompt generation is skipped), or null
 * @param branchName the branch of its first attempt, or null for prflow's own
 */
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
    TaskControls controls,
    String givenPrompt,
    String branchName) {

  public NewTask {
    controls = controls == null ? TaskControls.defaults() : controls;
  }

  /** An ordinary task: its prompt generated, its branches prflow's. */
  public NewTask(
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
    this(
        title,
        description,
        requirements,
        acceptanceCriteria,
        priority,
        estimatedComplexity,
        repository,
        baseBranch,
        promptStyle,
        idempotencyKey,
        createdBy,
        controls,
        null,
        null);
  }
}
