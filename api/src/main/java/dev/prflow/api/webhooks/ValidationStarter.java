package dev.prflow.api.webhooks;

import dev.prflow.workflows.model.PullRequestRef;

/**
 * Starts the {@code PrValidation} workflow of a pull request's head commit, under the id {@link
 * PullRequestRef#validationWorkflowId()}.
 */
@FunctionalInterface
public interface ValidationStarter {

  /** Returns true when this call started it, false when that head commit was already validated. */
  boolean start(PullRequestRef pr);
}
