package dev.prflow.activities.store;

import java.time.Instant;

/** One recorded status transition. */
public record TaskEventRow(int seq, String status, String detail, Instant at) {}
