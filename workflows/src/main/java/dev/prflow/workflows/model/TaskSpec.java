package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A task as accepted by the API: the workflow's input. It is a snapshot, so a history replays
 * without reading the database.
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
    TaskControls controls) {

  public TaskSpec {
    controls = controls == null ? TaskControls.defaults() : controls;
    requirements = requirements == null ? List.of() : List.copyOf(requirements);
    acceptanceCriteria = acceptanceCriteria == null ? List.of() : List.copyOf(acceptanceCriteria);
    description = description == null ? "" : description;
  }

  /** The Temporal workflow id of this task's {@code TaskToPr} run. */
  public String workflowId() {
    return workflowIdFor(id);
  }

  public static String workflowIdFor(long taskId) {
    return "task-" + taskId;
  }
}
