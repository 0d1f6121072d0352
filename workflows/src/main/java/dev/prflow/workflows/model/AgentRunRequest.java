package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One attempt of a coding agent at a task, on its own branch. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AgentRunRequest(TaskSpec task, int attempt, String strategy, String prompt) {

  /** The branch an attempt works on: {@code prflow/task-<id>-<attempt>}. */
  public String branch() {
    return "prflow/task-" + task.id() + "-" + attempt;
  }
}
