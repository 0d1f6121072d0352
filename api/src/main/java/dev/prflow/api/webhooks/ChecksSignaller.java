package dev.prflow.api.webhooks;

/** Tells whoever waits on a commit's CI that GitHub finished a check suite or check run on it. */
@FunctionalInterface
public interface ChecksSignaller {

  void checksCompleted(String owner, String repo, String headSha);
}
