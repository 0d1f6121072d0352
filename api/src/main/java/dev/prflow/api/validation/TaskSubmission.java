package dev.prflow.api.validation;

import dev.prflow.workflows.model.TaskControls;
import java.util.List;
import java.util.Objects;

/**
 * A validated task submission, before the repository is resolved.
 *
 * @param title the trimmed title, 1–200 characters
 * @param description the description, possibly empty
 * @param requirements trimmed, non-blank requirements; possibly empty
 * @param acceptanceCriteria trimmed, non-blank acceptance criteria; possibly empty
 * @param priority one of {@code low}, {@code medium}, {@code high}, {@code critical}
 * @param estimatedComplexity one of {@code low}, {@code medium}, {@code high}
 * @param repository {@code local:<absolute path>} (other forms once supported)
 * @param baseBranch a valid git branch name, or null when absent
 * @param promptStyle {@code comprehensive}, {@code concise} or {@code step_by_step}, or null when
 *     absent
 * @param controls attempts and approval: {@code max_attempts}, {@code require_approval}, {@code
 *     approval_timeout}, {@code auto_merge}
 */
public record TaskSubmission(
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

  /** Checks required parts and makes the lists immutable. */
  public TaskSubmission {
    controls = controls == null ? TaskControls.defaults() : controls;
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    requirements = List.copyOf(requirements);
    acceptanceCriteria = List.copyOf(acceptanceCriteria);
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(estimatedComplexity, "estimatedComplexity");
    Objects.requireNonNull(repository, "repository");
  }
}
