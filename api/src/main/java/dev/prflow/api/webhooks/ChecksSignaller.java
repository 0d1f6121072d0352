package dev.prflow.api.webhooks;

import java.util.List;

/** Tells whoever waits on a commit's CI that GitHub finished a check suite or check run on it. */
@FunctionalInterface
public interface ChecksSignaller {

  /**
   * @param pullRequests the numbers of the pull requests whose head is {@code headSha}, from the
   *     event (empty when GitHub names none, e.g. for a fork)
   */
  void checksCompleted(String owner, String repo, String headSha, List<Integer> pullRequests);
}
