package dev.prflow.activities;

import dev.prflow.activities.notify.NotificationException;
import dev.prflow.activities.notify.Notifier;
import dev.prflow.workflows.NotifyActivities;
import dev.prflow.workflows.model.Notification;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * Sends a notification to every configured channel. A channel that could not deliver fails the
 * activity after the others were tried, so Temporal retries it (channels that delivered post
 * nothing again: each keeps one record per task and event); a server's {@code Retry-After} becomes
 * the next retry's delay. The workflow bounds those retries and never fails a task over a notice.
 */
public class NotifyActivitiesImpl implements NotifyActivities {

  /** A delivery that may succeed later: retried by Temporal. */
  public static final String UNDELIVERED = "NotificationUndelivered";

  /** A delivery that never will (the webhook answered 4xx): not retried. */
  public static final String REJECTED = "NotificationRejected";

  private final List<Notifier> notifiers;

  public NotifyActivitiesImpl(List<Notifier> notifiers) {
    this.notifiers = List.copyOf(notifiers);
  }

  @Override
  public void notify(Notification notification) {
    NotificationException failed = null;
    for (Notifier notifier : notifiers) {
      try {
        notifier.send(notification);
      } catch (NotificationException e) {
        if (failed == null) {
          failed = e;
        } else {
          failed.addSuppressed(e);
        }
      }
    }
    if (failed != null) {
      throw failure(failed);
    }
  }

  static ApplicationFailure failure(NotificationException e) {
    ApplicationFailure.Builder failure =
        ApplicationFailure.newBuilder()
            .setMessage(e.getMessage())
            .setType(e.retryable() ? UNDELIVERED : REJECTED)
            .setNonRetryable(!e.retryable());
    if (e.retryable() && e.retryAfter() != null) {
      failure.setNextRetryDelay(e.retryAfter());
    }
    return failure.build();
  }
}
