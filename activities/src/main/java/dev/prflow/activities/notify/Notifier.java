package dev.prflow.activities.notify;

import dev.prflow.workflows.model.Notification;

/** A channel people hear from: a log, a webhook, a pull request comment. */
public interface Notifier {
  void send(Notification notification);
}
