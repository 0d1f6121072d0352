package dev.prflow.activities.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Notifications, one row per (task, event, channel). A sender {@link #claim claims} the row before
 * posting, so a retried activity, or a second worker running the same activity, finds the send
 * already done or under way and posts nothing.
 */
public final class NotificationStore {

  public static final String SENDING = "sending";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";

  private static final String COLUMNS =
      "id, task_id, event, channel, status, attempts, last_error, created_at, updated_at,"
          + " delivered_at";

  private final Jdbi jdbi;

  public NotificationStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Marks the notification as being sent and returns true when the caller should send it: when it
   * is new, failed before, or was left {@code sending} longer than {@code staleAfter} ago by a
   * sender that never finished. Returns false when it was delivered or another sender is at it.
   */
  public boolean claim(long taskId, String event, String channel, Duration staleAfter) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "insert into notifications (task_id, event, channel, status) values (:task,"
                        + " :event, :channel, 'sending') on conflict (task_id, event, channel) do"
                        + " update set status = 'sending', updated_at = now() where"
                        + " notifications.status = 'failed' or (notifications.status = 'sending'"
                        + " and notifications.updated_at < now() - make_interval(secs =>"
                        + " :staleSeconds)) returning id")
                .bind("task", taskId)
                .bind("event", event)
                .bind("channel", channel)
                .bind("staleSeconds", staleAfter.toMillis() / 1000.0)
                .mapTo(Long.class)
                .findOne()
                .isPresent());
  }

  /** Records a delivery; {@code attempts} are this send's tries, added to earlier ones. */
  public void delivered(long taskId, String event, String channel, int attempts) {
    upsertOutcome(taskId, event, channel, DELIVERED, attempts, null);
  }

  /** Records a send that gave up; {@code error} must already be free of secrets. */
  public void failed(long taskId, String event, String channel, int attempts, String error) {
    upsertOutcome(taskId, event, channel, FAILED, attempts, error);
  }

  public Optional<NotificationRow> find(long taskId, String event, String channel) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select "
                        + COLUMNS
                        + " from notifications where task_id = :task and event = :event and"
                        + " channel = :channel")
                .bind("task", taskId)
                .bind("event", event)
                .bind("channel", channel)
                .map(NotificationStore::map)
                .findOne());
  }

  public List<NotificationRow> forTask(long taskId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select " + COLUMNS + " from notifications where task_id = :task order by id")
                .bind("task", taskId)
                .map(NotificationStore::map)
                .list());
  }

  /** An upsert, so an outcome is kept even when the claim could not be written. */
  private void upsertOutcome(
      long taskId, String event, String channel, String status, int attempts, String error) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "insert into notifications (task_id, event, channel, status, attempts,"
                        + " last_error, delivered_at) values (:task, :event, :channel, :status,"
                        + " :attempts, :error, case when :status = 'delivered' then now() end)"
                        + " on conflict (task_id, event, channel) do update set status ="
                        + " excluded.status, attempts = notifications.attempts +"
                        + " excluded.attempts, last_error = excluded.last_error, delivered_at ="
                        + " excluded.delivered_at, updated_at = now()")
                .bind("task", taskId)
                .bind("event", event)
                .bind("channel", channel)
                .bind("status", status)
                .bind("attempts", attempts)
                .bind("error", error)
                .execute());
  }

  static NotificationRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new NotificationRow(
        rs.getLong("id"),
        rs.getLong("task_id"),
        rs.getString("event"),
        rs.getString("channel"),
        rs.getString("status"),
        rs.getInt("attempts"),
        rs.getString("last_error"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "delivered_at"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }
}
