package dev.prflow.api;

import dev.prflow.activities.store.TaskRow;
import dev.prflow.activities.store.WorkflowExecutionStore;
import dev.prflow.workflows.TaskToPrWorkflow;
import dev.prflow.workflows.model.TaskResume;
import dev.prflow.workflows.model.TaskSpec;
import io.grpc.Context;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowServiceException;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts a task's {@code TaskToPr} workflow exactly once: the id is {@code task-<id>} and a second
 * start finds the first, so the API and the reconciler may both try.
 */
public final class WorkflowStarter {

  private final WorkflowClient client;
  private final String taskQueue;
  private final Duration workflowTimeout;
  private final WorkflowExecutionStore executions;

  public WorkflowStarter(
      WorkflowClient client,
      String taskQueue,
      Duration workflowTimeout,
      WorkflowExecutionStore executions) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.workflowTimeout = workflowTimeout;
    this.executions = executions;
  }

  /** Returns true when this call started the workflow, false when it was already running. */
  public boolean start(TaskRow task) {
    return start(
        task, toSpec(task), WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
  }

  /**
   * Starts a new run of an ended task's workflow {@code task-<id>} that continues the run before.
   * Returns false when a run of that id is open already.
   */
  public boolean startRerun(TaskRow task, TaskResume resume) {
    return start(
        task,
        toSpec(task).resumed(resume),
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
  }

  private boolean start(TaskRow task, TaskSpec spec, WorkflowIdReusePolicy reuse) {
    try {
      return start(task, spec, reuse, true);
    } catch (WorkflowServiceException e) {
      if (!mentionsSearchAttributes(e)) {
        throw e;
      }
      // This server does not know prflow's search attributes; run without them.
      return start(task, spec, reuse, false);
    }
  }

  private boolean start(
      TaskRow task, TaskSpec spec, WorkflowIdReusePolicy reuse, boolean withSearchAttributes) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(spec.workflowId())
            .setTaskQueue(taskQueue)
            .setWorkflowIdReusePolicy(reuse)
            .setMemo(Map.of("title", task.title(), "repository", task.repository()))
            .setStaticSummary("task " + task.id() + ": " + task.title());
    if (withSearchAttributes) {
      options.setTypedSearchAttributes(
          SearchAttributes.newBuilder()
              .set(TASK_STATUS, task.status())
              .set(REPOSITORY, task.repository())
              .set(PRIORITY, task.priority())
              .set(ATTEMPT, 0L)
              .build());
    }
    if (workflowTimeout != null && !workflowTimeout.isZero()) {
      options.setWorkflowExecutionTimeout(workflowTimeout);
    }
    TaskToPrWorkflow workflow = client.newWorkflowStub(TaskToPrWorkflow.class, options.build());
    try {
      var execution = withDeadline(() -> WorkflowClient.start(workflow::run, spec));
      executions.recordStart(
          spec.workflowId(), execution.getRunId(), TaskToPrWorkflow.TYPE, task.id());
      return true;
    } catch (WorkflowExecutionAlreadyStarted already) {
      executions.recordStart(spec.workflowId(), null, TaskToPrWorkflow.TYPE, task.id());
      return false;
    }
  }

  /**
   * How long one start may take, retries included: the SDK's own retries would hold a request about
   * a minute while the Temporal frontend is down. Past it the start fails ({@code
   * DEADLINE_EXCEEDED}), the task stays stored and the reconciler starts it later.
   */
  static final Duration START_DEADLINE = Duration.ofSeconds(3);

  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "prflow-start-deadline");
            t.setDaemon(true);
            return t;
          });

  /** Runs a Temporal call under a gRPC deadline, which the SDK's retryer honours too. */
  private static <T> T withDeadline(Callable<T> call) {
    Context.CancellableContext context =
        Context.current()
            .withDeadlineAfter(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS, DEADLINES);
    try {
      return context.call(call);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      context.cancel(null);
    }
  }

  private static boolean mentionsSearchAttributes(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.toLowerCase(java.util.Locale.ROOT).contains("search attribute")) {
        return true;
      }
    }
    return false;
  }

  static final SearchAttributeKey<String> TASK_STATUS = SearchAttributeKey.forKeyword("TaskStatus");
  static final SearchAttributeKey<String> REPOSITORY = SearchAttributeKey.forKeyword("Repository");
  static final SearchAttributeKey<String> PRIORITY = SearchAttributeKey.forKeyword("Priority");
  static final SearchAttributeKey<Long> ATTEMPT = SearchAttributeKey.forLong("Attempt");

  public static TaskSpec toSpec(TaskRow t) {
    return new TaskSpec(
        t.id(),
        t.title(),
        t.description(),
        t.requirements(),
        t.acceptanceCriteria(),
        t.priority(),
        t.estimatedComplexity(),
        t.repository(),
        t.baseBranch(),
        t.promptStyle(),
        t.controls(),
        t.givenPrompt(),
        t.branchName(),
        null);
  }
}
