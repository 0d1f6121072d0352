package dev.prflow.activities;

import dev.prflow.activities.notify.Notifier;
import dev.prflow.workflows.NotifyActivities;
import dev.prflow.workflows.model.Notification;
import java.util.List;

/** Sends a notification to every configured channel. */
public class NotifyActivitiesImpl implements NotifyActivities {

  private final List<Notifier> notifiers;

  public NotifyActivitiesImpl(List<Notifier> notifiers) {
    this.notifiers = List.copyOf(notifiers);
  }

  @Override
  public void notify(Notification notification) {
    for (Notifier notifier : notifiers) {
      notifier.send(notification);
    }
  }
}
