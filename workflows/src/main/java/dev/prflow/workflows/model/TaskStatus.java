package dev.prflow.workflows.model;

import java.util.Set;

/** The statuses a task moves through, as stored and served. */
public final class TaskStatus {
  public static final String PENDING = "pending";
  public static final String VALIDATING = "validating";
  public static final String GENERATING_PROMPT = "generating_prompt";
  public static final String RUNNING_AGENT = "running_agent";
  public static final String VALIDATING_PR = "validating_pr";
  public static final String AWAITING_APPROVAL = "awaiting_approval";
  public static final String REJECTED = "rejected";
  public static final String COMPLETED = "completed";
  public static final String VALIDATION_FAILED = "validation_failed";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  public static final Set<String> ALL =
      Set.of(
          PENDING,
          VALIDATING,
          GENERATING_PROMPT,
          RUNNING_AGENT,
          VALIDATING_PR,
          AWAITING_APPROVAL,
          COMPLETED,
          REJECTED,
          VALIDATION_FAILED,
          FAILED,
          CANCELLED);

  public static final Set<String> TERMINAL =
      Set.of(COMPLETED, VALIDATION_FAILED, FAILED, CANCELLED, REJECTED);

  private TaskStatus() {}

  public static boolean isTerminal(String status) {
    return TERMINAL.contains(status);
  }
}
