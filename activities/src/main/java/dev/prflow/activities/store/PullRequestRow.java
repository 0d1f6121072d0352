package dev.prflow.activities.store;

import java.time.Instant;

/** A pull request on the local code host. */
public record PullRequestRow(
    long id,
    String repository,
    int number,
    Long taskId,
    Integer attempt,
    String title,
    String body,
    String baseBranch,
    String headBranch,
    String baseSha,
    String headSha,
    String state,
    Instant createdAt) {}
