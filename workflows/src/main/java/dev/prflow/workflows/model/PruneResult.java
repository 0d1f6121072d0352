package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Rows deleted per table; {@code more} when expired rows were left for a later call. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PruneResult(int webhookDeliveries, int testOutputs, int notifications, boolean more) {

  public static final PruneResult NONE = new PruneResult(0, 0, 0, false);

  /** Both counts added; {@code more} as the later result says. */
  public PruneResult plus(PruneResult later) {
    return new PruneResult(
        webhookDeliveries + later.webhookDeliveries,
        testOutputs + later.testOutputs,
        notifications + later.notifications,
        later.more);
  }

  public int total() {
    return webhookDeliveries + testOutputs + notifications;
  }
}
