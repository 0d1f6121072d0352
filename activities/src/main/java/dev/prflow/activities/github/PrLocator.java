package dev.prflow.activities.github;

import dev.prflow.workflows.model.PullRequestRequest;
import java.util.OptionalInt;

/**
 * Finds the number of the pull request an agent opened, when the caller knows it better than a
 * lookup by head branch does. Empty means "look it up by branch".
 */
@FunctionalInterface
public interface PrLocator {

  /** Always defers to the lookup by head branch. */
  PrLocator BY_BRANCH = request -> OptionalInt.empty();

  OptionalInt locate(PullRequestRequest request);
}
