package dev.prflow.bench;

/** No-op activities: what is left is the Temporal round trip of each one. */
public final class BareActivitiesImpl implements BareActivities {
  @Override
  public String step(String name) {
    return name;
  }
}
