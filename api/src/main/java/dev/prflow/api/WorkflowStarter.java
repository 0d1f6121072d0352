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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

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

  /**
   * Returns true when this call started the workflow, false when it was already running. Answers
   * within {@link #START_DEADLINE} whatever the Temporal frontend does (refuses, black-holes, dies
   * mid-call): past it the start throws {@link StartTimedOut} and its gRPC call is cancelled. A
   * start that reaches the server anyway is harmless: the id is {@code task-<id>}, a duplicate
   * start is rejected, and the reconciler finds it running.
   */
  public boolean start(TaskRow task) {
    return start(
        task, toSpec(task), WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
  }

  /**
   * Starts a new run of an ended task's workflow {@code task-<id>} that continues the run before.
   * Returns false when a run of that id is open already. Bounded like {@link #start(TaskRow)}.
   */
  public boolean startRerun(TaskRow task, TaskResume resume) {
    return start(
        task,
        toSpec(task).resumed(resume),
        WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
  }

  private boolean start(TaskRow task, TaskSpec spec, WorkflowIdReusePolicy reuse) {
    return bounded(
        () -> {
          try {
            return start(task, spec, reuse, true);
          } catch (WorkflowServiceException e) {
            if (!mentionsSearchAttributes(e)) {
              throw e;
            }
            // This server does not know prflow's search attributes; run without them.
            return start(task, spec, reuse, false);
          }
        });
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
      var execution = WorkflowClient.start(workflow::run, spec);
      executions.recordStart(
          spec.workflowId(), execution.getRunId(), TaskToPrWorkflow.TYPE, task.id());
      return true;
    } catch (WorkflowExecutionAlreadyStarted already) {
      executions.recordStart(spec.workflowId(), null, TaskToPrWorkflow.TYPE, task.id());
      return false;
    }
  }

  /**
   * How long one start may take, retries and reconnection included: the SDK's own retries would
   * hold a request about a minute while the Temporal frontend is down, and a channel whose server
   * just died once held one 21 s past its gRPC deadline. Past it the start fails, the task stays
   * stored and the reconciler starts it later.
   */
  static final Duration START_DEADLINE = Duration.ofSeconds(3);

  /**
   * Starts in flight at once, across every starter of the process. While Temporal hangs, further
   * starts fail at once instead of piling up threads; in normal operation a start takes
   * milliseconds and this is far more than the API's concurrency needs.
   */
  static final int MAX_STARTS_IN_FLIGHT = 64;

  /** Thrown when a start did not finish within {@link #START_DEADLINE}, or could not be tried. */
  static final class StartTimedOut extends RuntimeException {
    StartTimedOut(String message) {
      super(message);
    }
  }

  private static final ScheduledExecutorService DEADLINES =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "prflow-start-deadline");
            t.setDaemon(true);
            return t;
          });

  private static final AtomicInteger STARTER_THREADS = new AtomicInteger();

  private static final ThreadPoolExecutor STARTS = startPool();

  private static ThreadPoolExecutor startPool() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            MAX_STARTS_IN_FLIGHT,
            MAX_STARTS_IN_FLIGHT,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "prflow-start-" + STARTER_THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /**
   * Runs a Temporal call on the start pool under a gRPC deadline (which the SDK's retryer honours)
   * and waits for it at most {@link #START_DEADLINE} — a hard bound the caller holds itself, so no
   * code path inside the SDK can hold a request longer. On timeout the call's gRPC context is
   * cancelled, which aborts whatever RPC it is in.
   */
  private static <T> T bounded(Callable<T> call) {
    Context.CancellableContext context =
        Context.current()
            .withDeadlineAfter(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS, DEADLINES);
    Future<T> future;
    try {
      future = STARTS.submit(() -> context.call(call));
    } catch (RejectedExecutionException busy) {
      context.cancel(null);
      throw new StartTimedOut(
          MAX_STARTS_IN_FLIGHT + " workflow starts already in flight; Temporal is not answering");
    }
    try {
      return future.get(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException late) {
      future.cancel(true);
      throw new StartTimedOut(
          "workflow start did not finish within " + START_DEADLINE.toSeconds() + " s");
    } catch (InterruptedException interrupted) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new StartTimedOut("interrupted while starting the workflow");
    } catch (ExecutionException failed) {
      if (failed.getCause() instanceof RuntimeException e) {
        throw e;
      }
      if (failed.getCause() instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(failed.getCause());
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
