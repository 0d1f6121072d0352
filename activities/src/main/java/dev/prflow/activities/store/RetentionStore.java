package dev.prflow.activities.store;

import java.sql.Timestamp;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Deletes rows past their retention, one bounded batch per call: each statement picks at most
 * {@code limit} expired rows by their timestamp index and deletes those, in its own short
 * transaction, skipping rows another transaction holds. A large backlog is worked off batch by
 * batch and never holds a long lock.
 *
 * <ul>
 *   <li>{@code webhook_deliveries} by {@code received_at}: GitHub redelivers for a few days only.
 *   <li>{@code test_outputs} by {@code created_at}: the full output of a test run; the report keeps
 *       its tail, verdict and counts.
 *   <li>{@code notifications} by {@code updated_at} (its last try), and only of tasks that have
 *       ended: the row of a running task is what keeps a notice from being posted twice.
 * </ul>
 */
public final class RetentionStore {

  private final Jdbi jdbi;

  public RetentionStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public int pruneWebhookDeliveries(Instant cutoff, int limit) {
    return delete(
        "delete from webhook_deliveries where delivery_id in (select delivery_id from"
            + " webhook_deliveries where received_at < :cutoff order by received_at limit :limit"
            + " for update skip locked)",
        cutoff,
        limit);
  }

  public int pruneTestOutputs(Instant cutoff, int limit) {
    return delete(
        "delete from test_outputs where workflow_id in (select workflow_id from test_outputs"
            + " where created_at < :cutoff order by created_at limit :limit for update skip"
            + " locked)",
        cutoff,
        limit);
  }

  public int pruneNotifications(Instant cutoff, int limit) {
    return delete(
        "delete from notifications where id in (select n.id from notifications n join tasks t on"
            + " t.id = n.task_id where n.updated_at < :cutoff and t.completed_at is not null"
            + " order by n.updated_at limit :limit for update of n skip locked)",
        cutoff,
        limit);
  }

  private int delete(String sql, Instant cutoff, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a batch deletes at least one row, not " + limit);
    }
    return jdbi.withHandle(
        handle ->
            handle
                .createUpdate(sql)
                .bind("cutoff", Timestamp.from(cutoff))
                .bind("limit", limit)
                .execute());
  }
}
