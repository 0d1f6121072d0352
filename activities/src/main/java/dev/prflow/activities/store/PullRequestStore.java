package dev.prflow.activities.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** Local pull requests, numbered per repository; one per head branch. */
public final class PullRequestStore {

  private static final String COLUMNS =
      "id, repository, number, task_id, attempt, title, body, base_branch, head_branch,"
          + " base_sha, head_sha, state, created_at";

  private final Jdbi jdbi;

  public PullRequestStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Opens a pull request for {@code headBranch}, or returns the one that already exists for it with
   * its head commit brought up to date.
   */
  public PullRequestRow open(
      String repository,
      Long taskId,
      Integer attempt,
      String title,
      String body,
      String baseBranch,
      String headBranch,
      String baseSha,
      String headSha) {
    return jdbi.inTransaction(
        handle -> {
          // Serialise openers of the same repository so numbering and the branch check agree.
          handle.execute("select pg_advisory_xact_lock(hashtext(?))", repository);
          Optional<PullRequestRow> existing = byBranch(handle, repository, headBranch);
          if (existing.isPresent()) {
            handle
                .createUpdate(
                    "update pull_requests set head_sha = :head, base_sha = :base, updated_at ="
                        + " now() where id = :id")
                .bind("id", existing.get().id())
                .bind("head", headSha)
                .bind("base", baseSha)
                .execute();
            return byBranch(handle, repository, headBranch).orElseThrow();
          }
          int number =
              handle
                  .createQuery(
                      "insert into repository_counters (repository, last_pr_number) values"
                          + " (:repo, 1) on conflict (repository) do update set last_pr_number ="
                          + " repository_counters.last_pr_number + 1 returning last_pr_number")
                  .bind("repo", repository)
                  .mapTo(Integer.class)
                  .one();
          handle
              .createUpdate(
                  "insert into pull_requests (repository, number, task_id, attempt, title, body,"
                      + " base_branch, head_branch, base_sha, head_sha) values (:repo, :number,"
                      + " :task, :attempt, :title, :body, :base, :headBranch, :baseSha,"
                      + " :headSha)")
              .bind("repo", repository)
              .bind("number", number)
              .bind("task", taskId)
              .bind("attempt", attempt)
              .bind("title", title)
              .bind("body", body)
              .bind("base", baseBranch)
              .bind("headBranch", headBranch)
              .bind("baseSha", baseSha)
              .bind("headSha", headSha)
              .execute();
          return byBranch(handle, repository, headBranch).orElseThrow();
        });
  }

  public Optional<PullRequestRow> find(String repository, int number) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select "
                        + COLUMNS
                        + " from pull_requests where repository = :repo and"
                        + " number = :number")
                .bind("repo", repository)
                .bind("number", number)
                .map(PullRequestStore::map)
                .findOne());
  }

  public List<PullRequestRow> forTask(long taskId) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select " + COLUMNS + " from pull_requests where task_id = :task order by id")
                .bind("task", taskId)
                .map(PullRequestStore::map)
                .list());
  }

  /** Moves an open pull request to {@code state} with a reason; a closed one stays as it is. */
  public void close(String repository, int number, String state, String reason) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "update pull_requests set state = :state, closed_reason = :reason, updated_at"
                        + " = now() where repository = :repo and number = :number and state ="
                        + " 'open'")
                .bind("repo", repository)
                .bind("number", number)
                .bind("state", state)
                .bind("reason", reason)
                .execute());
  }

  private static Optional<PullRequestRow> byBranch(
      Handle handle, String repository, String branch) {
    return handle
        .createQuery(
            "select "
                + COLUMNS
                + " from pull_requests where repository = :repo and head_branch ="
                + " :branch")
        .bind("repo", repository)
        .bind("branch", branch)
        .map(PullRequestStore::map)
        .findOne();
  }

  static PullRequestRow map(ResultSet rs, StatementContext ctx) throws SQLException {
    long task = rs.getLong("task_id");
    Long taskId = rs.wasNull() ? null : task;
    int attemptValue = rs.getInt("attempt");
    Integer attempt = rs.wasNull() ? null : attemptValue;
    return new PullRequestRow(
        rs.getLong("id"),
        rs.getString("repository"),
        rs.getInt("number"),
        taskId,
        attempt,
        rs.getString("title"),
        rs.getString("body"),
        rs.getString("base_branch"),
        rs.getString("head_branch"),
        rs.getString("base_sha"),
        rs.getString("head_sha"),
        rs.getString("state"),
        TaskStore.instant(rs, "created_at"));
  }
}
