package dev.prflow.activities.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Validation reports, one per validation workflow run. */
public final class ValidationStore {

  private static final String COLUMNS =
      "id, workflow_id, task_id, attempt, host, repository, pr_number, head_sha, verdict,"
          + " summary, files_changed, additions, deletions, languages::text as languages,"
          + " test_status, test_command, test_exit_code, test_duration_ms, test_output_tail,"
          + " test_reason, created_at";

  private final Jdbi jdbi;

  public ValidationStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Stores the report of a workflow run; a retried save replaces it and keeps its id. */
  public long save(ValidationReportRow r) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "insert into validation_reports (workflow_id, task_id, attempt, host,"
                        + " repository, pr_number, head_sha, verdict, summary, files_changed,"
                        + " additions, deletions, languages, test_status, test_command,"
                        + " test_exit_code, test_duration_ms, test_output_tail, test_reason)"
                        + " values (:workflowId, :taskId, :attempt, :host, :repository,"
                        + " :prNumber, :headSha, :verdict, :summary, :filesChanged, :additions,"
                        + " :deletions, cast(:languages as jsonb), :testStatus, :testCommand,"
                        + " :testExitCode, :testDurationMs, :testOutputTail, :testReason) on"
                        + " conflict (workflow_id) do update set verdict = excluded.verdict,"
                        + " summary = excluded.summary, files_changed = excluded.files_changed,"
                        + " additions = excluded.additions, deletions = excluded.deletions,"
                        + " languages = excluded.languages, test_status = excluded.test_status,"
                        + " test_command = excluded.test_command, test_exit_code ="
                        + " excluded.test_exit_code, test_duration_ms = excluded.test_duration_ms,"
                        + " test_output_tail = excluded.test_output_tail, test_reason ="
                        + " excluded.test_reason returning id")
                .bind("workflowId", r.workflowId())
                .bind("taskId", r.taskId())
                .bind("attempt", r.attempt())
                .bind("host", r.host())
                .bind("repository", r.repository())
                .bind("prNumber", r.prNumber())
                .bind("headSha", r.headSha())
                .bind("verdict", r.verdict())
                .bind("summary", r.summary())
                .bind("filesChanged", r.filesChanged())
                .bind("additions", r.additions())
                .bind("deletions", r.deletions())
                .bind("languages", Json.write(r.languages()))
                .bind("testStatus", r.testStatus())
                .bind("testCommand", r.testCommand())
                .bind("testExitCode", r.testExitCode())
                .bind("testDurationMs", r.testDurationMs())
                .bind("testOutputTail", r.testOutputTail())
                .bind("testReason", r.testReason())
                .mapTo(Long.class)
                .one());
  }

  public Optional<ValidationReportRow> find(long id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("select " + COLUMNS + " from validation_reports where id = :id")
                .bind("id", id)
                .map(ValidationStore::map)
                .findOne());
  }

  public Optional<ValidationReportRow> latestForTask(long taskId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select "
                        + COLUMNS
                        + " from validation_reports where task_id = :task order"
                        + " by id desc limit 1")
                .bind("task", taskId)
                .map(ValidationStore::map)
                .findOne());
  }

  static ValidationReportRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    long task = rs.getLong("task_id");
    Long taskId = rs.wasNull() ? null : task;
    int attemptValue = rs.getInt("attempt");
    Integer attempt = rs.wasNull() ? null : attemptValue;
    int exit = rs.getInt("test_exit_code");
    Integer exitCode = rs.wasNull() ? null : exit;
    long duration = rs.getLong("test_duration_ms");
    Long durationMs = rs.wasNull() ? null : duration;
    return new ValidationReportRow(
        rs.getLong("id"),
        rs.getString("workflow_id"),
        taskId,
        attempt,
        rs.getString("host"),
        rs.getString("repository"),
        rs.getInt("pr_number"),
        rs.getString("head_sha"),
        rs.getString("verdict"),
        rs.getString("summary"),
        rs.getInt("files_changed"),
        rs.getInt("additions"),
        rs.getInt("deletions"),
        Json.intMap(rs.getString("languages")),
        rs.getString("test_status"),
        rs.getString("test_command"),
        exitCode,
        durationMs,
        rs.getString("test_output_tail"),
        rs.getString("test_reason"),
        TaskStore.instant(rs, "created_at"));
  }
}
