package dev.prflow.workflows;

import dev.prflow.workflows.model.HousekeepingRequest;
import dev.prflow.workflows.model.PruneRequest;
import dev.prflow.workflows.model.PruneResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * One housekeeping run: the cutoff is fixed once, from the workflow's clock, so every table is cut
 * at the same instant and a retried activity deletes nothing newer than the first try would have.
 */
public final class HousekeepingWorkflowImpl implements HousekeepingWorkflow {

  /** Rows deleted per statement when the request names no batch size. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /**
   * At most this many activity calls per run; what is left waits for the next scheduled run, so a
   * run's history stays small however large the backlog.
   */
  static final int MAX_CALLS = 20;

  static final ActivityOptions PRUNE_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setMaximumAttempts(5)
                  .build())
          .build();

  private static final Logger log = Workflow.getLogger(HousekeepingWorkflowImpl.class);

  private final HousekeepingActivities activities =
      Workflow.newActivityStub(HousekeepingActivities.class, PRUNE_OPTIONS);

  @Override
  public PruneResult run(HousekeepingRequest request) {
    if (request == null || request.retentionSeconds() <= 0) {
      throw new IllegalArgumentException("housekeeping needs a retention of at least one second");
    }
    int batchSize = request.batchSize() > 0 ? request.batchSize() : DEFAULT_BATCH_SIZE;
    long cutoff = Workflow.currentTimeMillis() - request.retentionSeconds() * 1000L;
    PruneResult total = PruneResult.NONE;
    for (int call = 0; call < MAX_CALLS; call++) {
      PruneResult result = activities.pruneExpired(new PruneRequest(cutoff, batchSize));
      total = total.plus(result);
      if (!result.more()) {
        break;
      }
    }
    log.info(
        "housekeeping: deleted {} webhook deliveries, {} test outputs, {} notifications older than"
            + " {}{}",
        total.webhookDeliveries(),
        total.testOutputs(),
        total.notifications(),
        request.retentionSeconds() % 86_400 == 0
            ? request.retentionSeconds() / 86_400 + "d"
            : request.retentionSeconds() + "s",
        total.more() ? "; more left for the next run" : "");
    return total;
  }
}
