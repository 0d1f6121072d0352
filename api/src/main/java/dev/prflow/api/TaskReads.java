package dev.prflow.api;

import dev.prflow.activities.store.AgentRunRow;
import dev.prflow.activities.store.PullRequestRow;
import dev.prflow.activities.store.ReportDetails;
import dev.prflow.activities.store.TaskRow;
import dev.prflow.activities.store.ValidationReportRow;
import java.util.List;

/** What {@code GET /api/v1/tasks/{id}} reads from PostgreSQL, over one pooled connection. */
record TaskReads(
    TaskRow task,
    List<AgentRunRow> runs,
    List<PullRequestRow> pullRequests,
    ValidationReportRow report,
    ReportDetails details) {}
