package dev.prflow.activities.store;

import java.time.Instant;
import java.util.Map;

/** A stored validation report: the shape of the change, the test run and the verdict. */
public record ValidationReportRow(
    long id,
    String workflowId,
    Long taskId,
    Integer attempt,
    String host,
    String repository,
    int prNumber,
    String headSha,
    String verdict,
    String summary,
    int filesChanged,
    int additions,
    int deletions,
    Map<String, Integer> languages,
    String testStatus,
    String testCommand,
    Integer testExitCode,
    Long testDurationMs,
    String testOutputTail,
    String testReason,
    Instant createdAt) {}
