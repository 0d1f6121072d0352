package dev.prflow.activities.store;

import org.jdbi.v3.core.Jdbi;

/** The projection of started workflow runs used for listing. */
public final class WorkflowExecutionStore {

  private final Jdbi jdbi;

  public WorkflowExecutionStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void recordStart(String workflowId, String runId, String type, Long taskId) {
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "insert into workflow_executions (workflow_id, run_id, workflow_type,"
                        + " task_id) values (:id, :run, :type, :task) on conflict (workflow_id)"
                        + " do update set run_id = coalesce(excluded.run_id,"
                        + " workflow_executions.run_id)")
                .bind("id", workflowId)
                .bind("run", runId)
                .bind("type", type)
                .bind("task", taskId)
                .execute());
  }
}
