package dev.prflow.activities.store;

import dev.prflow.workflows.model.TaskControls;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;

/** Tasks and their status transitions. */
public final class TaskStore {

  /** Sequence number of the final transition: it always wins over step transitions. */
  public static final int OUTCOME_SEQ = 1_000_000;

  private static final String COLUMNS =
      "id, title, description, requirements::text as requirements,"
          + " acceptance_criteria::text as acceptance_criteria, priority, estimated_complexity,"
          + " repository, base_branch, prompt_style, status, failure_reason, workflow_id,"
          + " created_by, created_at, updated_at, completed_at, max_attempts, require_approval,"
          + " approval_timeout_seconds, auto_merge, given_prompt, branch_name, status_seq";

  private static final String SUMMARY_COLUMNS =
      "id, title, status, priority, repository, base_branch, workflow_id, created_at, updated_at";

  private final Jdbi jdbi;

  public TaskStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Inserts a task, or returns the task already stored under the same idempotency key. One
   * statement, one round trip: the id is drawn from the identity's sequence in the same statement
   * that stores the row, its workflow id and returns it, so a stored task always names its
   * workflow.
   */
  public InsertedTask insert(NewTask task) {
    return jdbi.withHandle(
        handle -> {
          Optional<TaskRow> inserted =
              handle
                  .createQuery(
                      "with next as (select nextval(pg_get_serial_sequence('tasks', 'id')) as id)"
                          + " insert into tasks (id, workflow_id, title, description,"
                          + " requirements, acceptance_criteria, priority, estimated_complexity,"
                          + " repository, base_branch, prompt_style, idempotency_key, created_by,"
                          + " max_attempts, require_approval, approval_timeout_seconds, auto_merge,"
                          + " given_prompt, branch_name)"
                          + " overriding system value select next.id, 'task-' || next.id,"
                          + " :title, :description, cast(:requirements as jsonb),"
                          + " cast(:criteria as jsonb), :priority, :complexity, :repository,"
                          + " :baseBranch, :promptStyle, :key, :createdBy, :maxAttempts,"
                          + " :requireApproval, :approvalTimeout, :autoMerge, :givenPrompt,"
                          + " :branchName from next"
                          + " on conflict (idempotency_key) do nothing returning "
                          + COLUMNS)
                  .bind("title", task.title())
                  .bind("description", task.description())
                  .bind("requirements", Json.write(task.requirements()))
                  .bind("criteria", Json.write(task.acceptanceCriteria()))
                  .bind("priority", task.priority())
                  .bind("complexity", task.estimatedComplexity())
                  .bind("repository", task.repository())
                  .bind("baseBranch", task.baseBranch())
                  .bind("promptStyle", task.promptStyle())
                  .bind("key", task.idempotencyKey())
                  .bind("createdBy", task.createdBy())
                  .bind("maxAttempts", task.controls().maxAttempts())
                  .bind("requireApproval", task.controls().requireApproval())
                  .bind("approvalTimeout", task.controls().approvalTimeoutSeconds())
                  .bind("autoMerge", task.controls().autoMerge())
                  .bind("givenPrompt", task.givenPrompt())
                  .bind("branchName", task.branchName())
                  .map(TaskStore::map)
                  .findOne();
          if (inserted.isPresent()) {
            return new InsertedTask(inserted.get(), true);
          }
          // Stored before under this key (a replay, or a concurrent request that won the race).
          return new InsertedTask(
              byIdempotencyKey(handle, task.idempotencyKey()).orElseThrow(), false);
        });
  }

  /** The task stored under this idempotency key, if any. */
  public Optional<TaskRow> findByIdempotencyKey(String key) {
    return jdbi.withHandle(handle -> byIdempotencyKey(handle, key));
  }

  private static Optional<TaskRow> byIdempotencyKey(Handle handle, String key) {
    return handle
        .createQuery("select " + COLUMNS + " from tasks where idempotency_key = :key")
        .bind("key", key)
        .map(TaskStore::map)
        .findOne();
  }

  public Optional<TaskRow> find(long id) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery("select " + COLUMNS + " from tasks where id = :id")
                .bind("id", id)
                .map(TaskStore::map)
                .findOne());
  }

  /** Newest first; {@code afterId} is the last id of the previous page (keyset pagination). */
  public List<TaskRow> list(String status, Long afterId, int limit) {
    return page(COLUMNS, status, afterId, limit, TaskStore::map);
  }

  /**
   * {@link #list}'s page with only the columns a list shows. Served by the primary key (or {@code
   * tasks_status_id} for a rare status) without reading the wide columns.
   */
  public List<TaskSummaryRow> listSummaries(String status, Long afterId, int limit) {
    return page(
        SUMMARY_COLUMNS,
        status,
        afterId,
        limit,
        (rs, ctx) ->
            new TaskSummaryRow(
                rs.getLong("id"),
                rs.getString("title"),
                rs.getString("status"),
                rs.getString("priority"),
                rs.getString("repository"),
                rs.getString("base_branch"),
                rs.getString("workflow_id"),
                instant(rs, "created_at"),
                instant(rs, "updated_at")));
  }

  private <T> List<T> page(
      String columns, String status, Long afterId, int limit, RowMapper<T> mapper) {
    StringBuilder sql = new StringBuilder("select " + columns + " from tasks where true");
    if (status != null) {
      sql.append(" and status = :status");
    }
    if (afterId != null) {
      sql.append(" and id < :after");
    }
    sql.append(" order by id desc limit :limit");
    return jdbi.withHandle(
        handle -> {
          var query = handle.createQuery(sql.toString()).bind("limit", limit);
          if (status != null) {
            query.bind("status", status);
          }
          if (afterId != null) {
            query.bind("after", afterId);
          }
          return query.map(mapper).list();
        });
  }

  /** Tasks still pending after {@code olderThan}: their workflow may never have started. */
  public List<TaskRow> pendingSince(Instant olderThan, int limit) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select "
                        + COLUMNS
                        + " from tasks where status = 'pending' and created_at < :before"
                        + " order by id limit :limit")
                .bind("before", Timestamp.from(olderThan))
                .bind("limit", limit)
                .map(TaskStore::map)
                .list());
  }

  /**
   * Records a transition once: the event row is keyed by (task, seq), and the task's status only
   * moves forward in seq. Returns true when this call changed the task.
   */
  public boolean recordTransition(long taskId, int seq, String status, String detail) {
    return jdbi.inTransaction(
        handle -> {
          handle
              .createUpdate(
                  "insert into task_events (task_id, seq, status, detail) values (:id, :seq,"
                      + " :status, :detail) on conflict (task_id, seq) do nothing")
              .bind("id", taskId)
              .bind("seq", seq)
              .bind("status", status)
              .bind("detail", detail)
              .execute();
          boolean terminal = seq >= OUTCOME_SEQ;
          return handle
                  .createUpdate(
                      "update tasks set status = :status, status_seq = :seq, updated_at = now(),"
                          + " failure_reason = case when :terminal then :detail else"
                          + " failure_reason end, completed_at = case when :terminal then now()"
                          + " else completed_at end where id = :id and status_seq < :seq")
                  .bind("id", taskId)
                  .bind("seq", seq)
                  .bind("status", status)
                  .bind("detail", detail)
                  .bind("terminal", terminal)
                  .execute()
              > 0;
        });
  }

  /** The transitions of a task, oldest first. */
  public List<TaskEventRow> events(long taskId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select seq, status, detail, at from task_events where task_id = :id order"
                        + " by seq")
                .bind("id", taskId)
                .map(
                    (rs, ctx) ->
                        new TaskEventRow(
                            rs.getInt("seq"),
                            rs.getString("status"),
                            rs.getString("detail"),
                            rs.getTimestamp("at").toInstant()))
                .list());
  }

  static TaskRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new TaskRow(
        rs.getLong("id"),
        rs.getString("title"),
        rs.getString("description"),
        Json.stringList(rs.getString("requirements")),
        Json.stringList(rs.getString("acceptance_criteria")),
        rs.getString("priority"),
        rs.getString("estimated_complexity"),
        rs.getString("repository"),
        rs.getString("base_branch"),
        rs.getString("prompt_style"),
        rs.getString("status"),
        rs.getString("failure_reason"),
        rs.getString("workflow_id"),
        rs.getString("created_by"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "completed_at"),
        new TaskControls(
            rs.getInt("max_attempts"),
            rs.getBoolean("require_approval"),
            rs.getLong("approval_timeout_seconds"),
            rs.getBoolean("auto_merge")),
        rs.getString("given_prompt"),
        rs.getString("branch_name"),
        rs.getInt("status_seq"));
  }

  /**
   * Takes an ended task back for another run, once: the task moves from {@code status} (as read at
   * {@code statusSeq}) to {@code pending} at {@code seqBase}, with a transition saying who asked.
   * Of concurrent calls for the same ended task exactly one succeeds; the others find the task
   * changed and get false.
   */
  public boolean reopen(long taskId, String status, int statusSeq, int seqBase, String detail) {
    return jdbi.inTransaction(
        handle -> {
          int changed =
              handle
                  .createUpdate(
                      "update tasks set status = 'pending', status_seq = :base, updated_at ="
                          + " now(), failure_reason = null, completed_at = null where id = :id"
                          + " and status = :status and status_seq = :seq")
                  .bind("id", taskId)
                  .bind("status", status)
                  .bind("seq", statusSeq)
                  .bind("base", seqBase)
                  .execute();
          if (changed == 0) {
            return false;
          }
          handle
              .createUpdate(
                  "insert into task_events (task_id, seq, status, detail) values (:id, :seq,"
                      + " 'pending', :detail) on conflict (task_id, seq) do nothing")
              .bind("id", taskId)
              .bind("seq", seqBase)
              .bind("detail", detail)
              .execute();
          return true;
        });
  }

  /**
   * Undoes {@link #reopen} when the new run could not be started: the task ends as it was, with a
   * transition saying why, unless the new run has already written to it.
   */
  public void reclose(TaskRow before, int seqBase, String detail) {
    jdbi.useTransaction(
        handle -> {
          int changed =
              handle
                  .createUpdate(
                      "update tasks set status = :status, status_seq = :seq, updated_at = now(),"
                          + " failure_reason = :reason, completed_at = :completed where id = :id"
                          + " and status = 'pending' and status_seq = :base")
                  .bind("id", before.id())
                  .bind("status", before.status())
                  .bind("seq", seqBase + 1)
                  .bind("base", seqBase)
                  .bind("reason", before.failureReason())
                  .bind(
                      "completed",
                      before.completedAt() == null ? null : Timestamp.from(before.completedAt()))
                  .execute();
          if (changed > 0) {
            handle
                .createUpdate(
                    "insert into task_events (task_id, seq, status, detail) values (:id, :seq,"
                        + " :status, :detail) on conflict (task_id, seq) do nothing")
                .bind("id", before.id())
                .bind("seq", seqBase + 1)
                .bind("status", before.status())
                .bind("detail", detail)
                .execute();
          }
        });
  }

  /** Records who approved or rejected the task, and what they said. */
  public void recordDecision(long taskId, String by, String comment) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "update tasks set decided_by = :by, decision_comment = :comment, updated_at ="
                        + " now() where id = :id")
                .bind("id", taskId)
                .bind("by", by)
                .bind("comment", comment)
                .execute());
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp ts = rs.getTimestamp(column);
    return ts == null ? null : ts.toInstant();
  }
}
