package dev.prflow.activities;

import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.store.RetentionStore;
import dev.prflow.workflows.HousekeepingActivities;
import dev.prflow.workflows.model.PruneRequest;
import dev.prflow.workflows.model.PruneResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.ToIntBiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works off expired rows table by table, one bounded batch per statement, heartbeating between
 * batches; after {@code budget} it stops and answers {@code more}, so one activity attempt stays
 * short and the workflow (or the next scheduled run) carries on.
 */
public final class HousekeepingActivitiesImpl implements HousekeepingActivities {

  /** How long one call deletes before it hands back; well inside the activity's timeout. */
  public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(2);

  private static final Logger log = LoggerFactory.getLogger(HousekeepingActivitiesImpl.class);

  private final RetentionStore store;
  private final Duration budget;
  private final Clock clock;

  public HousekeepingActivitiesImpl(RetentionStore store) {
    this(store, DEFAULT_BUDGET, Clock.systemUTC());
  }

  /** A call deletes for at most {@code budget}; {@link Duration#ZERO} means one batch a call. */
  public HousekeepingActivitiesImpl(RetentionStore store, Duration budget, Clock clock) {
    this.store = store;
    this.budget = budget;
    this.clock = clock;
  }

  @Override
  public PruneResult pruneExpired(PruneRequest request) {
    Instant cutoff = Instant.ofEpochMilli(request.cutoffEpochMillis());
    int batch = request.batchSize();
    Instant deadline = clock.instant().plus(budget);
    Heartbeat heartbeat = ActivityHeartbeat.current();
    int[] counts = new int[3];
    boolean more = false;
    List<ToIntBiFunction<Instant, Integer>> tables =
        List.of(store::pruneWebhookDeliveries, store::pruneTestOutputs, store::pruneNotifications);
    for (int t = 0; t < tables.size() && !more; t++) {
      while (true) {
        int deleted = tables.get(t).applyAsInt(cutoff, batch);
        counts[t] += deleted;
        if (deleted < batch) {
          break;
        }
        if (!clock.instant().isBefore(deadline)
            || !heartbeat.beat("deleted " + (counts[0] + counts[1] + counts[2]))) {
          more = true;
          break;
        }
      }
    }
    PruneResult result = new PruneResult(counts[0], counts[1], counts[2], more);
    if (result.total() > 0) {
      log.info(
          "deleted {} webhook deliveries, {} test outputs, {} notifications from before {}",
          counts[0],
          counts[1],
          counts[2],
          cutoff);
    }
    return result;
  }
}
