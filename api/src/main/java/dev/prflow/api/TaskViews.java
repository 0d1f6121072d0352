package dev.prflow.api;

import dev.prflow.activities.store.AgentRunRow;
import dev.prflow.activities.store.PullRequestRow;
import dev.prflow.activities.store.ReportDetails;
import dev.prflow.activities.store.TaskRow;
import dev.prflow.activities.store.TaskSummaryRow;
import dev.prflow.activities.store.ValidationReportRow;
import dev.prflow.workflows.model.TaskProgress;
import dev.prflow.workflows.model.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes the API serves for tasks, built explicitly so the wire format is deliberate. */
final class TaskViews {

  private TaskViews() {}

  static Map<String, Object> summary(TaskRow t) {
    return summary(TaskSummaryRow.of(t));
  }

  static Map<String, Object> summary(TaskSummaryRow t) {
    Map<String, Object> m = new LinkedHashMap<>(16);
    m.put("id", t.id());
    m.put("title", t.title());
    m.put("status", t.status());
    m.put("priority", t.priority());
    m.put("repository", t.repository());
    m.put("base_branch", t.baseBranch());
    m.put("workflow_id", t.workflowId());
    m.put("created_at", iso(t.createdAt()));
    m.put("updated_at", iso(t.updatedAt()));
    return m;
  }

  static Map<String, Object> detail(
      TaskRow t,
      TaskProgress progress,
      List<AgentRunRow> runs,
      List<PullRequestRow> prs,
      ValidationReportRow report,
      ReportDetails details) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", t.id());
    m.put("title", t.title());
    m.put("description", t.description());
    m.put("requirements", t.requirements());
    m.put("acceptance_criteria", t.acceptanceCriteria());
    m.put("priority", t.priority());
    m.put("estimated_complexity", t.estimatedComplexity());
    m.put("repository", t.repository());
    m.put("base_branch", t.baseBranch());
    m.put("prompt_style", t.promptStyle());
    m.put("max_attempts", t.controls().maxAttempts());
    m.put("require_approval", t.controls().requireApproval());
    m.put("approval_timeout_seconds", t.controls().approvalTimeoutSeconds());
    m.put("auto_merge", t.controls().autoMerge());
    m.put("status", t.status());
    m.put("current_step", progress != null ? progress.step() : t.status());
    m.put("step_source", progress != null ? "workflow" : "database");
    // How the task ended, in words; failure_reason only when it did not end completed.
    m.put("outcome_reason", t.failureReason());
    m.put("failure_reason", TaskStatus.COMPLETED.equals(t.status()) ? null : t.failureReason());
    m.put("workflow_id", t.workflowId());
    if (progress != null) {
      m.put("progress", progress);
    }
    PullRequestRow pr = prs.isEmpty() ? null : prs.get(prs.size() - 1);
    m.put("pull_request", pr == null ? null : pullRequest(pr));
    m.put("tests", report == null ? null : tests(report, details));
    Map<String, Object> validation = report == null ? null : validation(report);
    if (validation != null && details != null) {
      validation.put("score", details.score());
      Map<String, Long> bySeverity = new LinkedHashMap<>();
      details.findings().forEach(f -> bySeverity.merge(f.severity(), 1L, Long::sum));
      validation.put("findings", bySeverity);
    }
    m.put("validation", validation);
    m.put("agent_runs", runs.stream().map(TaskViews::agentRun).toList());
    m.put("created_at", iso(t.createdAt()));
    m.put("updated_at", iso(t.updatedAt()));
    m.put("completed_at", iso(t.completedAt()));
    return m;
  }

  static Map<String, Object> pullRequest(PullRequestRow pr) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("number", pr.number());
    m.put("repository", pr.repository());
    m.put("branch", pr.headBranch());
    m.put("base_branch", pr.baseBranch());
    m.put("head_sha", pr.headSha());
    m.put("base_sha", pr.baseSha());
    m.put("state", pr.state());
    m.put("attempt", pr.attempt());
    return m;
  }

  static Map<String, Object> tests(ValidationReportRow r, ReportDetails d) {
    Map<String, Object> m = tests(r);
    if (d != null && d.counts() != null) {
      m.put("passed", d.counts().passed());
      m.put("failed", d.counts().failed());
      m.put("skipped", d.counts().skipped());
      m.put("errors", d.counts().errors());
    }
    return m;
  }

  static Map<String, Object> tests(ValidationReportRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", r.testStatus());
    m.put("command", r.testCommand());
    m.put("exit_code", r.testExitCode());
    m.put("duration_ms", r.testDurationMs());
    m.put("reason", r.testReason());
    m.put("output_tail", r.testOutputTail());
    return m;
  }

  static Map<String, Object> validation(ValidationReportRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("workflow_id", r.workflowId());
    m.put("verdict", r.verdict());
    m.put("summary", r.summary());
    m.put("head_sha", r.headSha());
    m.put("files_changed", r.filesChanged());
    m.put("additions", r.additions());
    m.put("deletions", r.deletions());
    m.put("languages", r.languages());
    m.put("url", "/api/v1/validations/" + r.id());
    m.put("report_url", "/api/v1/validations/" + r.id() + "/report.md");
    return m;
  }

  static Map<String, Object> agentRun(AgentRunRow r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("attempt", r.attempt());
    m.put("strategy", r.strategy());
    m.put("agent", r.agent());
    m.put("status", r.status());
    m.put("branch", r.branch());
    m.put("head_sha", r.headSha());
    m.put("error", r.error());
    m.put("external_run_id", r.externalRunId());
    m.put("web_url", r.webUrl());
    m.put("started_at", iso(r.startedAt()));
    m.put("finished_at", iso(r.finishedAt()));
    return m;
  }

  /**
   * {@link Instant#toString()}, written directly for the years 0–9999: a page of 50 tasks formats
   * 100 of them, and the JDK's formatter allocates a builder and a date-time per call. The fraction
   * is printed in groups of three digits as {@code DateTimeFormatter.ISO_INSTANT} does.
   */
  static String iso(Instant instant) {
    if (instant == null) {
      return null;
    }
    long seconds = instant.getEpochSecond();
    if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
      return instant.toString();
    }
    long days = Math.floorDiv(seconds, 86_400L);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(days);
    int nano = instant.getNano();
    int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
    byte[] out = new byte[20 + (digits == 0 ? 0 : digits + 1)];
    put(out, 0, date.getYear(), 4);
    out[4] = '-';
    put(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    int at = 19;
    if (digits > 0) {
      out[at++] = '.';
      put(out, at, nano / POWERS[9 - digits], digits);
      at += digits;
    }
    out[at] = 'Z';
    return new String(out, StandardCharsets.US_ASCII);
  }

  private static final long FIRST_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  private static final long LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
  private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  private static void put(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
