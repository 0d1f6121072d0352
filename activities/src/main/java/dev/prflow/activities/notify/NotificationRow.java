package dev.prflow.activities.notify;

import java.time.Instant;

/** What became of one notification on one channel. {@code lastError} never holds a secret URL. */
public record NotificationRow(
    long id,
    long taskId,
    String event,
    String channel,
    String status,
    int attempts,
    String lastError,
    Instant createdAt,
    Instant updatedAt,
    Instant deliveredAt) {}
