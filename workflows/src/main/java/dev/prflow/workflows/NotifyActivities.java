package dev.prflow.workflows;

import dev.prflow.workflows.model.Notification;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Tells people what happened; a notification that cannot be delivered never fails a task. */
@ActivityInterface
public interface NotifyActivities {

  @ActivityMethod(name = "notify")
  void notify(Notification notification);
}
