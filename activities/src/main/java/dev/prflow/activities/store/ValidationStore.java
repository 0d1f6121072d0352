package dev.prflow.activities.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.workflows.model.DependencyChange;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.TestCounts;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
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

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Replaces the report's details and findings; safe to repeat for a retried activity. */
  public void saveDetails(long reportId, ReportDetails d) {
    jdbi.useTransaction(
        handle -> {
          TestCounts c = d.counts();
          handle
              .createUpdate(
                  "update validation_reports set score = :score, report_markdown = :markdown,"
                      + " tests_passed = :passed, tests_failed = :failed, tests_skipped ="
                      + " :skipped, tests_errors = :errors, skipped = cast(:skippedNotes as"
                      + " jsonb), dependencies = cast(:dependencies as jsonb) where id = :id")
              .bind("id", reportId)
              .bind("score", d.score())
              .bind("markdown", d.markdown())
              .bind("passed", c == null ? null : c.passed())
              .bind("failed", c == null ? null : c.failed())
              .bind("skipped", c == null ? null : c.skipped())
              .bind("errors", c == null ? null : c.errors())
              .bind("skippedNotes", Json.write(d.skipped()))
              .bind("dependencies", Json.write(d.dependencies()))
              .execute();
          handle.execute("delete from validation_findings where report_id = ?", reportId);
          var batch =
              handle.prepareBatch(
                  "insert into validation_findings (report_id, position, category, file, line,"
                      + " severity, rule, message, suggestion) values (:report, :position,"
                      + " :category, :file, :line, :severity, :rule, :message, :suggestion)");
          int position = 0;
          for (Finding f : d.findings()) {
            batch
                .bind("report", reportId)
                .bind("position", position++)
                .bind("category", f.category())
                .bind("file", f.file())
                .bind("line", f.line())
                .bind("severity", f.severity())
                .bind("rule", f.rule())
                .bind("message", f.message())
                .bind("suggestion", f.suggestion())
                .add();
          }
          if (position > 0) {
            batch.execute();
          }
        });
  }

  public Optional<ReportDetails> details(long reportId) {
    return jdbi.withHandle(
        handle -> {
          Optional<ReportDetails> head =
              handle
                  .createQuery(
                      "select score, report_markdown, tests_passed, tests_failed, tests_skipped,"
                          + " tests_errors, skipped::text as skipped, dependencies::text as"
                          + " dependencies from validation_reports where id = :id")
                  .bind("id", reportId)
                  .map(
                      (rs, ctx) -> {
                        int passed = rs.getInt("tests_passed");
                        TestCounts counts =
                            rs.wasNull()
                                ? null
                                : new TestCounts(
                                    passed,
                                    rs.getInt("tests_failed"),
                                    rs.getInt("tests_skipped"),
                                    rs.getInt("tests_errors"),
                                    0);
                        int score = rs.getInt("score");
                        Integer scoreValue = rs.wasNull() ? null : score;
                        return new ReportDetails(
                            scoreValue,
                            rs.getString("report_markdown"),
                            counts,
                            List.of(),
                            Json.stringList(rs.getString("skipped")),
                            dependencies(rs.getString("dependencies")));
                      })
                  .findOne();
          if (head.isEmpty()) {
            return head;
          }
          List<Finding> findings =
              handle
                  .createQuery(
                      "select category, file, line, severity, rule, message, suggestion from"
                          + " validation_findings where report_id = :id order by position")
                  .bind("id", reportId)
                  .map(
                      (rs, ctx) -> {
                        int line = rs.getInt("line");
                        Integer lineValue = rs.wasNull() ? null : line;
                        return new Finding(
                            rs.getString("category"),
                            rs.getString("file"),
                            lineValue,
                            rs.getString("severity"),
                            rs.getString("rule"),
                            rs.getString("message"),
                            rs.getString("suggestion"));
                      })
                  .list();
          ReportDetails d = head.get();
          return Optional.of(
              new ReportDetails(
                  d.score(), d.markdown(), d.counts(), findings, d.skipped(), d.dependencies()));
        });
  }

  public Optional<ValidationReportRow> findByWorkflowId(String workflowId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select " + COLUMNS + " from validation_reports where workflow_id = :id")
                .bind("id", workflowId)
                .map(ValidationStore::map)
                .findOne());
  }

  /**
   * Stores a test run's full output (already capped by the runner); a retry replaces it, and its
   * age (housekeeping's clock) starts again.
   */
  public void saveTestOutput(String workflowId, String output, boolean truncated) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "insert into test_outputs (workflow_id, output, truncated) values (:id,"
                        + " :output, :truncated) on conflict (workflow_id) do update set output ="
                        + " excluded.output, truncated = excluded.truncated, created_at = now()")
                .bind("id", workflowId)
                .bind("output", output.replace("\u0000", ""))
                .bind("truncated", truncated)
                .execute());
  }

  public Optional<String> testOutput(String workflowId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("select output from test_outputs where workflow_id = :id")
                .bind("id", workflowId)
                .mapTo(String.class)
                .findOne());
  }

  private static List<DependencyChange> dependencies(String json) {
    try {
      return json == null
          ? List.of()
          : MAPPER.readValue(json, new TypeReference<List<DependencyChange>>() {});
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("corrupt dependency list in database", e);
    }
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
