package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One attempt of a coding agent at a task. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentRunRequest(
    TaskSpec task, int attempt, String strategy, String prompt, String continueBranch) {

  /** An attempt on a branch of its own. */
  public AgentRunRequest(TaskSpec task, int attempt, String strategy, String prompt) {
    this(task, attempt, strategy, prompt, null);
  }

  /**
   * The branch an attempt works on: {@code prflow/task-<id>-<attempt>}, or the earlier attempt's
   * branch it continues ({@code fix_forward}). A task with a branch name of its own ({@code
   * create-pr}) works on it in attempt 1 and on {@code <name>-<attempt>} after.
   */
  public String branch() {
    if (continueBranch != null) {
      return continueBranch;
    }
    if (task.branchName() != null) {
      return attempt == 1 ? task.branchName() : task.branchName() + "-" + attempt;
    }
    return "prflow/task-" + task.id() + "-" + attempt;
  }
}
