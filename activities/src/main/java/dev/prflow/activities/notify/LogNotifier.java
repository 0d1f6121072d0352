package dev.prflow.activities.notify;

import dev.prflow.workflows.model.Notification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes notifications to the worker's log, one line each. */
public final class LogNotifier implements Notifier {
  private static final Logger log = LoggerFactory.getLogger("prflow.notify");

  @Override
  public void send(Notification n) {
    log.info(
        "task {} {}: {}{}{}",
        n.taskId(),
        n.event(),
        n.title(),
        n.message() == null ? "" : " — " + n.message(),
        n.url() == null ? "" : " (" + n.url() + ")");
  }
}
