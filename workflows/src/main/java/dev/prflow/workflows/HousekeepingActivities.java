package dev.prflow.workflows;

import dev.prflow.workflows.model.PruneRequest;
import dev.prflow.workflows.model.PruneResult;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Deletes expired rows in small batches, so a large backlog never holds a long lock. */
@ActivityInterface
public interface HousekeepingActivities {

  /**
   * Deletes rows older than the request's cutoff, batch by batch, for a bounded time; {@code more}
   * in the answer says rows were left for the next call.
   */
  @ActivityMethod(name = "pruneExpired")
  PruneResult pruneExpired(PruneRequest request);
}
