package dev.prflow.api;

import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.localgit.RepositoryRoots;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.PullRequestStore;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.ValidationStore;
import dev.prflow.activities.store.WorkflowExecutionStore;
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
 */
public record ApiDependencies(
    Database database,
    WorkflowClient workflowClient,
    String taskQueue,
    Duration workflowTimeout,
    GitHubClient github,
    RepositoryRoots repositoryRoots,
    List<String> warnings) {

  public ApiDependencies {
    Objects.requireNonNull(repositoryRoots, "repositoryRoots");
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Without repository roots (every {@code local:} repository is refused) and without warnings. */
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
        List.of());
  }

  /** With repository roots and without warnings. */
  public ApiDependencies(
      Database database,
      WorkflowClient workflowClient,
      String taskQueue,
      Duration workflowTimeout,
      GitHubClient github,
      RepositoryRoots repositoryRoots) {
    this(database, workflowClient, taskQueue, workflowTimeout, github, repositoryRoots, List.of());
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
