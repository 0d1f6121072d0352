package dev.prflow.api;

import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.PullRequestStore;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.ValidationStore;
import dev.prflow.activities.store.WorkflowExecutionStore;
import dev.prflow.api.auth.RateLimit;
import io.temporal.client.WorkflowClient;
import java.time.Duration;

/**
 * What the API needs from the process that hosts it.
 *
 * @param github asked for the default branch and the existence of the base branch of a {@code
 *     github:} task at submission; null without {@code GITHUB_TOKEN}, and then the base branch
 *     defaults to {@code main} and GitHub is first asked when the workflow runs
 * @param rateLimit requests per API key ({@code PRFLOW_RATE_LIMIT})
 */
public record ApiDependencies(
    Database database,
    WorkflowClient workflowClient,
    String taskQueue,
    Duration workflowTimeout,
    GitHubClient github,
    RateLimit rateLimit) {

  public ApiDependencies {
    if (rateLimit == null) {
      rateLimit = RateLimit.DEFAULT_PER_KEY;
    }
  }

  /** With the default rate limit per key. */
  public ApiDependencies(
      Database database,
      WorkflowClient workflowClient,
      String taskQueue,
      Duration workflowTimeout,
      GitHubClient github) {
    this(database, workflowClient, taskQueue, workflowTimeout, github, RateLimit.DEFAULT_PER_KEY);
  }

  public TaskStore tasks() {
    return new TaskStore(database.jdbi());
  }

  public AgentRunStore agentRuns() {
    return new AgentRunStore(database.jdbi());
  }

  public PullRequestStore pullRequests() {
    return new PullRequestStore(database.jdbi());
  }

  public ValidationStore validations() {
    return new ValidationStore(database.jdbi());
  }

  public WorkflowExecutionStore executions() {
    return new WorkflowExecutionStore(database.jdbi());
  }
}
