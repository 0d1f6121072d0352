package dev.prflow.activities.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Agent runs, one row per (task, attempt) however often the activity is retried. */
public final class AgentRunStore {

  public static final String RUNNING = "running";
  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";

  private static final String COLUMNS =
      "id, task_id, attempt, strategy, agent, status, branch, base_sha, head_sha,"
          + " external_run_id, web_url, error, output_tail, started_at, finished_at";

  private final Jdbi jdbi;

  public AgentRunStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Creates the attempt's row, or returns it unchanged when a previous try already did. */
  public AgentRunRow begin(
      long taskId, int attempt, String strategy, String agent, String prompt, String branch) {
    return jdbi.inTransaction(
        handle -> {
          handle
              .createUpdate(
                  "insert into agent_runs (task_id, attempt, strategy, agent, prompt, status,"
                      + " branch) values (:task, :attempt, :strategy, :agent, :prompt,"
                      + " 'running', :branch) on conflict (task_id, attempt) do nothing")
              .bind("task", taskId)
              .bind("attempt", attempt)
              .bind("strategy", strategy)
              .bind("agent", agent)
              .bind("prompt", prompt)
              .bind("branch", branch)
              .execute();
          return handle
              .createQuery(
                  "select "
                      + COLUMNS
                      + " from agent_runs where task_id = :task and attempt ="
                      + " :attempt")
              .bind("task", taskId)
              .bind("attempt", attempt)
              .map(AgentRunStore::map)
              .one();
        });
  }

  public void succeeded(
      long taskId, int attempt, String baseSha, String headSha, String outputTail) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "update agent_runs set status = 'succeeded', base_sha = :base, head_sha ="
                        + " :head, output_tail = :tail, error = null, finished_at = now() where"
                        + " task_id = :task and attempt = :attempt")
                .bind("task", taskId)
                .bind("attempt", attempt)
                .bind("base", baseSha)
                .bind("head", headSha)
                .bind("tail", outputTail)
                .execute());
  }

  /** Records a remote agent's run id and trace page as soon as the run exists. */
  public void recordExternal(long taskId, int attempt, String runId, String webUrl) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "update agent_runs set external_run_id = :run, web_url = coalesce(:url,"
                        + " web_url) where task_id = :task and attempt = :attempt")
                .bind("task", taskId)
                .bind("attempt", attempt)
                .bind("run", runId)
                .bind("url", webUrl)
                .execute());
  }

  public void failed(long taskId, int attempt, String error, String outputTail) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "update agent_runs set status = 'failed', error = :error, output_tail ="
                        + " :tail, finished_at = now() where task_id = :task and attempt ="
                        + " :attempt")
                .bind("task", taskId)
                .bind("attempt", attempt)
                .bind("error", error)
                .bind("tail", outputTail)
                .execute());
  }

  public Optional<AgentRunRow> find(long taskId, int attempt) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select "
                        + COLUMNS
                        + " from agent_runs where task_id = :task and attempt ="
                        + " :attempt")
                .bind("task", taskId)
                .bind("attempt", attempt)
                .map(AgentRunStore::map)
                .findOne());
  }

  public List<AgentRunRow> forTask(long taskId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select " + COLUMNS + " from agent_runs where task_id = :task order by attempt")
                .bind("task", taskId)
                .map(AgentRunStore::map)
                .list());
  }

  static AgentRunRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new AgentRunRow(
        rs.getLong("id"),
        rs.getLong("task_id"),
        rs.getInt("attempt"),
        rs.getString("strategy"),
        rs.getString("agent"),
        rs.getString("status"),
        rs.getString("branch"),
        rs.getString("base_sha"),
        rs.getString("head_sha"),
        rs.getString("external_run_id"),
        rs.getString("web_url"),
        rs.getString("error"),
        rs.getString("output_tail"),
        TaskStore.instant(rs, "started_at"),
        TaskStore.instant(rs, "finished_at"));
  }
}
