package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A task status transition. {@code seq} orders transitions within one task so that a retried or
 * late write never moves a task backwards or records a transition twice.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusChange(long taskId, int seq, String status, String detail) {

  /** Sequence number of a run's outcome within its round: it wins over every step of the run. */
  public static final int OUTCOME = 1_000_000;

  /** The span of sequence numbers of one run: run {@code r} writes from {@code r * ROUND}. */
  public static final int ROUND = 2_000_000;

  /** How many runs a task may have (1,000 rounds would overflow the column's integer). */
  public static final int MAX_ROUNDS = 100;
}
