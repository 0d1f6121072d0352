package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A task as accepted by the API: the workflow's input. It is a snapshot, so a history replays
 * without reading the database.
 *
 * @param givenPrompt the prompt of a task made by {@code POST /api/v1/codegen/create-pr}: the run
 *     skips prompt generation and hands the agent this text; null for an ordinary task
 * @param branchName the branch of the first attempt ({@code create-pr}'s {@code branch_name});
 *     null: {@code prflow/task-<id>-<attempt>}
 * @param resume set when the run retries a task that had ended: it continues that run's attempts
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskSpec(
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
    TaskControls controls,
    String givenPrompt,
    String branchName,
    TaskResume resume) {

  public TaskSpec {
    controls = controls == null ? TaskControls.defaults() : controls;
    requirements = requirements == null ? List.of() : List.copyOf(requirements);
    acceptanceCriteria = acceptanceCriteria == null ? List.of() : List.copyOf(acceptanceCriteria);
    description = description == null ? "" : description;
  }

  /** An ordinary task: its prompt generated, its branches prflow's, its first run. */
  public TaskSpec(
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
      TaskControls controls) {
    this(
        id,
        title,
        description,
        requirements,
        acceptanceCriteria,
        priority,
        estimatedComplexity,
        repository,
        baseBranch,
        promptStyle,
        controls,
        null,
        null,
        null);
  }

  /** The same task, run again after it ended. */
  public TaskSpec resumed(TaskResume next) {
    return new TaskSpec(
        id,
        title,
        description,
        requirements,
        acceptanceCriteria,
        priority,
        estimatedComplexity,
        repository,
        baseBranch,
        promptStyle,
        controls,
        givenPrompt,
        branchName,
        next);
  }

  /** The Temporal workflow id of this task's {@code TaskToPr} run. */
  public String workflowId() {
    return workflowIdFor(id);
  }

  public static String workflowIdFor(long taskId) {
    return "task-" + taskId;
  }
}
