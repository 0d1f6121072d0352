package dev.prflow.activities.github;

import java.util.List;

/**
 * Every check on a commit, rolled up: {@code complete} when none is pending, {@code success} when
 * complete and none failed. A commit without any checks is complete and successful here; {@code
 * GitHubChecks} does not take that as a pass.
 */
public record ChecksSummary(boolean complete, boolean success, List<CheckItem> items) {

  public ChecksSummary {
    items = items == null ? List.of() : List.copyOf(items);
  }

  /** Rolls up the items. */
  public static ChecksSummary of(List<CheckItem> items) {
    boolean complete = items.stream().noneMatch(CheckItem::pending);
    boolean failed = items.stream().anyMatch(CheckItem::failed);
    return new ChecksSummary(complete, complete && !failed, items);
  }

  /** True as soon as one check failed, even while others still run. */
  public boolean failed() {
    return items.stream().anyMatch(CheckItem::failed);
  }
}
