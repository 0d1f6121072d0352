package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a task ended, written once to the store and returned by the workflow.
 *
 * @param seq the status sequence number the outcome is written at; 0 (a run before retries of ended
 *     tasks existed) means {@link StatusChange#OUTCOME}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskOutcome(
    long taskId,
    String status,
    String reason,
    int attempts,
    PullRequestRef pr,
    ValidationResult validation,
    int seq) {

  /** The outcome of a task's first run. */
  public TaskOutcome(
      long taskId,
      String status,
      String reason,
      int attempts,
      PullRequestRef pr,
      ValidationResult validation) {
    this(taskId, status, reason, attempts, pr, validation, StatusChange.OUTCOME);
  }

  /** Where the outcome is written in the task's transitions. */
  public int outcomeSeq() {
    return seq > 0 ? seq : StatusChange.OUTCOME;
  }
}
