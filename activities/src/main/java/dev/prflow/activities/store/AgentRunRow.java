package dev.prflow.activities.store;

import java.time.Instant;

/** One attempt of a coding agent at a task. */
public record AgentRunRow(
    long id,
    long taskId,
    int attempt,
    String strategy,
    String agent,
    String status,
    String branch,
    String baseSha,
    String headSha,
    String externalRunId,
    String webUrl,
    String error,
    String outputTail,
    Instant startedAt,
    Instant finishedAt) {}
