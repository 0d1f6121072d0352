package dev.prflow.api;

import dev.prflow.activities.store.TaskRow;
import dev.prflow.activities.store.TaskStore;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the workflow of any task accepted while Temporal was unreachable, so that nothing the API
 * accepted is lost. A task still {@code pending} after a grace period gets a (duplicate-safe)
 * start.
 */
public final class PendingTaskReconciler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PendingTaskReconciler.class);

  private final TaskStore tasks;
  private final WorkflowStarter starter;
  private final Duration grace;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "prflow-reconciler");
            t.setDaemon(true);
            return t;
          });

  public PendingTaskReconciler(TaskStore tasks, WorkflowStarter starter, Duration grace) {
    this.tasks = tasks;
    this.starter = starter;
    this.grace = grace;
  }

  public PendingTaskReconciler startEvery(Duration period) {
    timer.scheduleWithFixedDelay(
        this::reconcileOnce, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** One pass; returns how many workflows it started. */
  public int reconcileOnce() {
    int started = 0;
    try {
      for (TaskRow task : tasks.pendingSince(Instant.now().minus(grace), 100)) {
        if (starter.start(task)) {
          started++;
          log.info("started the workflow of pending task {}", task.id());
        }
      }
    } catch (RuntimeException e) {
      log.warn("pending-task reconciliation failed, will retry: {}", e.getMessage());
    }
    return started;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
