package dev.prflow.activities.localgit;

import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import java.util.List;

/** Where pull requests live: the local host here, GitHub later. */
public interface CodeHost {

  /** Opens the pull request for an agent's branch, or returns the one already open for it. */
  PullRequestRef open(PullRequestRequest request);

  /** The unified diff of the pull request, as {@code git diff base...head}. */
  String diff(PullRequestRef pr);

  /** Per-file line counts of the pull request. */
  List<FileStat> fileStats(PullRequestRef pr);

  /** Closes a pull request with a comment; {@code state} is superseded or closed. Idempotent. */
  void close(PullRequestRef pr, String state, String comment);

  /** Merges the pull request into its base branch and returns the merge commit. Idempotent. */
  String merge(PullRequestRef pr);
}
