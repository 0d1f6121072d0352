package dev.prflow.api;

import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.localgit.RepositoryRoots;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.PullRequestStore;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.ValidationStore;
import dev.prflow.activities.store.WorkflowExecutionStore;
import dev.prflow.api.auth.RateLimit;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the API needs from the process that hosts it.
 *
 * @param github asked for the default branch and the existence of the base branch of a {@code
 *     github:} task at submission; null without {@code GITHUB_TOKEN}, and then the base branch
 *     defaults to {@code main} and GitHub is first asked when the workflow runs
 * @param repositoryRoots where {@code local:} repositories may live ({@code PRFLOW_REPO_ROOTS});
 *     checked before any git command runs on a submitted path
 * @param warnings what {@code /health} lists under {@code warnings}, e.g. an unsandboxed worker
 * @param rateLimit requests per API key ({@code PRFLOW_RATE_LIMIT})
 */
public record ApiDependencies(
    Database database,
    WorkflowClient workflowClient,
    String taskQueue,
    Duration workflowTimeout,
    GitHubClient github,
    RepositoryRoots repositoryRoots,
    List<String> warnings,
    RateLimit rateLimit) {

  public ApiDependencies {
    Objects.requireNonNull(repositoryRoots, "repositoryRoots");
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    if (rateLimit == null) {
      rateLimit = RateLimit.DEFAULT_PER_KEY;
    }
  }

  /**
   * Without repository roots (every {@code local:} repository is refused), without warnings, with
   * the default rate limit per key.
   */
  public ApiDependencies(
      Database database,
      WorkflowClient workflowClient,
      String taskQueue,
      Duration workflowTimeout,
      GitHubClient github) {
    this(
        database,
        workflowClient,
        taskQueue,
        workflowTimeout,
        github,
        RepositoryRoots.none(),
        List.of(),
        RateLimit.DEFAULT_PER_KEY);
  }

  /** With repository roots, without warnings, with the default rate limit per key. */
  public ApiDependencies(
      Database database,
      WorkflowClient workflowClient,
      String taskQueue,
      Duration workflowTimeout,
      GitHubClient github,
      RepositoryRoots repositoryRoots) {
    this(
        database,
        workflowClient,
        taskQueue,
        workflowTimeout,
        github,
        repositoryRoots,
        List.of(),
        RateLimit.DEFAULT_PER_KEY);
  }

  /** Without repository roots and warnings, with a rate limit per key. */
  public ApiDependencies(
      Database database,
      WorkflowClient workflowClient,
      String taskQueue,
      Duration workflowTimeout,
      GitHubClient github,
      RateLimit rateLimit) {
    this(
        database,
        workflowClient,
        taskQueue,
        workflowTimeout,
        github,
        RepositoryRoots.none(),
        List.of(),
        rateLimit);
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
