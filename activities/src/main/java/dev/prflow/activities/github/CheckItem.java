package dev.prflow.activities.github;

/**
 * One check on a commit: a check run ({@code source = check_run}) or a commit status context
 * ({@code source = status}). {@code outcome} is normalised to {@code pending}, {@code success},
 * {@code neutral} or {@code failure}; {@code detail} keeps GitHub's own word (the conclusion, the
 * check run status, or the status state).
 */
public record CheckItem(String source, String name, String outcome, String detail, String url) {

  public static final String CHECK_RUN = "check_run";
  public static final String STATUS = "status";

  public static final String PENDING = "pending";
  public static final String SUCCESS = "success";
  public static final String NEUTRAL = "neutral";
  public static final String FAILURE = "failure";

  public boolean pending() {
    return PENDING.equals(outcome);
  }

  public boolean failed() {
    return FAILURE.equals(outcome);
  }
}
