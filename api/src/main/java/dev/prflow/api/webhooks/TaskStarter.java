package dev.prflow.api.webhooks;

import dev.prflow.activities.store.TaskRow;

/**
 * Starts the workflow of a task the webhook just stored. Starting twice must be harmless; the API
 * passes {@code WorkflowStarter::start}. A start that throws leaves the task pending for the
 * reconciler.
 */
@FunctionalInterface
public interface TaskStarter {

  void start(TaskRow task);
}
