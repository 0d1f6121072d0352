package dev.prflow.activities.store;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhook deliveries already seen, so that a redelivered event (GitHub retries, or someone presses
 * "Redeliver") is acted on at most once. The insert decides: whoever inserts the row owns the
 * delivery.
 */
public final class WebhookDeliveryStore {

  /** Longest outcome note kept; notes are for people reading the table, not for parsing. */
  public static final int MAX_OUTCOME_LENGTH = 500;

  /** A delivery as stored; {@code outcome} is null while it is being handled. */
  public record Delivery(
      String deliveryId, String event, String action, Instant receivedAt, String outcome) {}

  private final Jdbi jdbi;

  public WebhookDeliveryStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Records a delivery unless it is already recorded. Returns true when this call recorded it, i.e.
   * the caller is the first to see it and should act on it.
   */
  public boolean claim(String deliveryId, String event, String action) {
    return jdbi.withHandle(
        handle ->
            handle
                    .createUpdate(
                        "insert into webhook_deliveries (delivery_id, event, action) values (:id,"
                            + " :event, :action) on conflict (delivery_id) do nothing")
                    .bind("id", deliveryId)
                    .bind("event", event)
                    .bind("action", action)
                    .execute()
                == 1);
  }

  /** Notes what handling the delivery did. */
  public void complete(String deliveryId, String outcome) {
    String note =
        outcome != null && outcome.length() > MAX_OUTCOME_LENGTH
            ? outcome.substring(0, MAX_OUTCOME_LENGTH)
            : outcome;
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "update webhook_deliveries set outcome = :outcome where delivery_id = :id")
                .bind("id", deliveryId)
                .bind("outcome", note)
                .execute());
  }

  /**
   * Forgets a claimed delivery whose handling failed before it finished, so that a redelivery is
   * handled again. A completed delivery is kept.
   */
  public void release(String deliveryId) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "delete from webhook_deliveries where delivery_id = :id and outcome is null")
                .bind("id", deliveryId)
                .execute());
  }

  public Optional<Delivery> find(String deliveryId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select delivery_id, event, action, received_at, outcome from"
                        + " webhook_deliveries where delivery_id = :id")
                .bind("id", deliveryId)
                .map(
                    (rs, ctx) ->
                        new Delivery(
                            rs.getString("delivery_id"),
                            rs.getString("event"),
                            rs.getString("action"),
                            TaskStore.instant(rs, "received_at"),
                            rs.getString("outcome")))
                .findOne());
  }

  /**
   * Deletes deliveries received before {@code cutoff}; returns how many. GitHub keeps deliveries
   * for redelivery only for a few days, so older rows no longer protect against anything.
   */
  public int pruneBefore(Instant cutoff) {
    return jdbi.withHandle(
        handle ->
            handle
                .createUpdate("delete from webhook_deliveries where received_at < :cutoff")
                .bind("cutoff", Timestamp.from(cutoff))
                .execute());
  }
}
