package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A new run of a task that had ended ({@code validation_failed}, {@code failed}, {@code rejected}):
 * it continues the attempt numbers, the strategy ladder and the pull request of the run before,
 * with a {@code max_attempts} budget of its own.
 *
 * @param round 1 for the first run after the task's first ended, and so on; its status writes are
 *     numbered from {@code round * StatusChange.ROUND} so they never collide with an earlier run's
 * @param previous how the run before ended (attempts used, pull request, validation, reason)
 * @param strategy the strategy of the first attempt of this run; null: the ladder's next
 * @param by the name of the API key that asked for the retry
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskResume(int round, TaskOutcome previous, String strategy, String by) {

  /** The first status sequence number of this run; its outcome is written at base + OUTCOME. */
  public int seqBase() {
    return round * StatusChange.ROUND;
  }
}
