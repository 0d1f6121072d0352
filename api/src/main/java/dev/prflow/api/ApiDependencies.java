package dev.prflow.api;

import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.PullRequestStore;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.ValidationStore;
import dev.prflow.activities.store.WorkflowExecutionStore;
import io.temporal.client.WorkflowClient;
import java.time.Duration;

/** What the API needs from the process that hosts it. */
public record ApiDependencies(
    Database database, WorkflowClient workflowClient, String taskQueue, Duration workflowTimeout) {

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
