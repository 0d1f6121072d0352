package dev.prflow.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The bare baseline's activities: each returns at once, like an instant agent would wish. */
@ActivityInterface
public interface BareActivities {
  @ActivityMethod(name = "bareStep")
  String step(String name);
}
