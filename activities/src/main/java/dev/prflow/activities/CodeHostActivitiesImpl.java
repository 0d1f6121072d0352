package dev.prflow.activities;

import dev.prflow.activities.github.GitHubException;
import dev.prflow.activities.localgit.CodeHost;
import dev.prflow.activities.localgit.MergeConflictException;
import dev.prflow.workflows.CodeHostActivities;
import dev.prflow.workflows.model.ClosePullRequest;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import io.temporal.failure.ApplicationFailure;

/** Opens pull requests on the configured code host. */
public class CodeHostActivitiesImpl implements CodeHostActivities {

  private final CodeHost host;

  /** Within the activity's 2-minute start-to-close timeout; Temporal retries past it. */
  private DatabaseWait database = new DatabaseWait(java.time.Duration.ofSeconds(90));

  public CodeHostActivitiesImpl(CodeHost host) {
    this.host = host;
  }

  /** How long a call waits out a PostgreSQL outage (the local host keeps its PRs there). */
  CodeHostActivitiesImpl withDatabasePatience(java.time.Duration patience) {
    this.database = new DatabaseWait(patience);
    return this;
  }

  /** Idempotent per (task, attempt), so a call cut by an outage is simply made again. */
  @Override
  public PullRequestRef openPullRequest(PullRequestRequest request) {
    return database.call(
        "recording the pull request", ActivityHeartbeat.current(), () -> host.open(request));
  }

  @Override
  public void closePullRequest(ClosePullRequest request) {
    database.run(
        "closing the pull request",
        ActivityHeartbeat.current(),
        () -> host.close(request.pr(), request.state(), request.comment()));
  }

  /** A conflict, or GitHub refusing the merge, is final: the workflow ends the task saying why. */
  @Override
  public String mergePullRequest(PullRequestRef pr) {
    try {
      return host.merge(pr);
    } catch (MergeConflictException conflict) {
      throw ApplicationFailure.newNonRetryableFailure(conflict.getMessage(), MERGE_REFUSED);
    } catch (GitHubException e) {
      throw e.toApplicationFailure();
    }
  }

  /** Failure type of a merge that retrying cannot make succeed. */
  public static final String MERGE_REFUSED = "MergeRefused";
}
