package dev.prflow.api;

import dev.prflow.activities.TaskActivitiesImpl;
import dev.prflow.activities.localgit.RepositoryRoots;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.workflows.AgentActivities;
import dev.prflow.workflows.NotifyActivities;
import dev.prflow.workflows.PrValidationWorkflowImpl;
import dev.prflow.workflows.PromptActivities;
import dev.prflow.workflows.TaskToPrWorkflowImpl;
import dev.prflow.workflows.ValidationActivities;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.ChecksQuery;
import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.Notification;
import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A worker that runs the real TaskToPr workflow and its real bookkeeping (task statuses and events
 * in PostgreSQL) with quick stand-ins for the agent, the code host and validation: every pull
 * request passes. A task's agent waits for {@link #releaseAgent} so a test can act while it runs.
 */
final class GateWorker {

  private final Map<Long, CountDownLatch> agents = new ConcurrentHashMap<>();

  /** Registers the workflows and activities on {@code taskQueue}; call before the env starts. */
  GateWorker(
      TestWorkflowEnvironment env, String taskQueue, TaskStore store, RepositoryRoots roots) {
    Worker worker = env.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(
        TaskToPrWorkflowImpl.class, PrValidationWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new TaskActivitiesImpl(store, roots),
        (PromptActivities) request -> new GeneratedPrompt("concise", "do it", List.of("README.md")),
        agents(),
        GateWorkerParts.codeHost(),
        validation(),
        GateWorkerParts.review(),
        (NotifyActivities) (Notification n) -> {});
  }

  /** Lets the task's agent runs (the waiting one and every later one) finish. */
  void releaseAgent(long taskId) {
    held(taskId).countDown();
  }

  private CountDownLatch held(long taskId) {
    return agents.computeIfAbsent(taskId, id -> new CountDownLatch(1));
  }

  private AgentActivities agents() {
    return request -> {
      try {
        if (!held(request.task().id()).await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never released the agent");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return new AgentRunResult(
          "stand-in", request.branch(), "a".repeat(40), "b".repeat(40), List.of("x"), "ok", false);
    };
  }

  private static ValidationActivities validation() {
    return new ValidationActivities() {
      @Override
      public PrAnalysis analyzePr(PullRequestRef pr) {
        return new PrAnalysis(1, 1, 0, List.of("x"), Map.of());
      }

      @Override
      public TestRun runTests(PullRequestRef pr) {
        return new TestRun(TestRun.PASSED, "true", 0, 1L, "ok", false, null);
      }

      @Override
      public TestRun checkTests(ChecksQuery query) {
        return runTests(null);
      }

      @Override
      public TestRun awaitChecks(ChecksQuery query) {
        return runTests(null);
      }

      @Override
      public ValidationResult compileReport(ReportRequest request) {
        return new ValidationResult(
            1L,
            ValidationResult.PASS,
            "verdict pass",
            request.input().pr(),
            request.analysis(),
            request.tests());
      }

      @Override
      public void publishReport(ValidationResult result) {}
    };
  }
}
