package dev.prflow.api;

import dev.prflow.activities.PromptActivitiesImpl;
import dev.prflow.activities.PromptPreviewActivitiesImpl;
import dev.prflow.activities.TaskActivitiesImpl;
import dev.prflow.activities.localgit.RepositoryRoots;
import dev.prflow.activities.prompt.PromptGenerator;
import dev.prflow.activities.prompt.PromptLimits;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.workflows.AgentActivities;
import dev.prflow.workflows.NotifyActivities;
import dev.prflow.workflows.PrValidationWorkflowImpl;
import dev.prflow.workflows.PromptActivities;
import dev.prflow.workflows.PromptPreviewWorkflowImpl;
import dev.prflow.workflows.TaskActivities;
import dev.prflow.workflows.TaskToPrWorkflowImpl;
import dev.prflow.workflows.ValidationActivities;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.ChecksQuery;
import dev.prflow.workflows.model.Decision;
import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.Notification;
import dev.prflow.workflows.model.PrAnalysis;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskSpec;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A worker for the codegen endpoints: the real TaskToPr and PromptPreview workflows, the real task
 * bookkeeping and prompt preview (git on a real repository), agent runs recorded in {@code
 * agent_runs} (so (task, attempt) stays unique for real), and quick stand-ins for the code host and
 * validation. A task titled {@code Failing …} fails validation on attempt 1 and passes after.
 */
final class CodegenWorker {

  /** The task ids whose pipeline asked {@code generatePrompt} for a prompt. */
  final Set<Long> generatedPromptFor = ConcurrentHashMap.newKeySet();

  /** The prompt each (task, attempt) handed the agent, by {@code <task>-<attempt>}. */
  final Map<String, String> agentPrompts = new ConcurrentHashMap<>();

  /** The branch of each (task, attempt). */
  final Map<String, String> agentBranches = new ConcurrentHashMap<>();

  private final Map<Long, CountDownLatch> heldReruns = new ConcurrentHashMap<>();
  private final TaskStore store;
  private final AgentRunStore runs;

  CodegenWorker(
      TestWorkflowEnvironment env,
      String taskQueue,
      TaskStore store,
      AgentRunStore runs,
      RepositoryRoots roots) {
    this.store = store;
    this.runs = runs;
    Worker worker = env.newWorker(taskQueue);
    worker.registerWorkflowImplementationTypes(
        TaskToPrWorkflowImpl.class,
        PrValidationWorkflowImpl.class,
        PromptPreviewWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        tasks(new TaskActivitiesImpl(store, roots)),
        (PromptActivities)
            request -> {
              generatedPromptFor.add(request.task().id());
              return new GeneratedPrompt("comprehensive", "generated", List.of());
            },
        new PromptPreviewActivitiesImpl(
            new PromptActivitiesImpl(new PromptGenerator(PromptLimits.defaults())), roots),
        agents(),
        GateWorkerParts.codeHost(),
        validation(),
        GateWorkerParts.review(),
        (NotifyActivities) (Notification n) -> {});
  }

  /** The next run of an ended task waits in {@code validateTask} until {@link #release}. */
  void holdRerunsOf(long taskId) {
    heldReruns.put(taskId, new CountDownLatch(1));
  }

  void release(long taskId) {
    CountDownLatch held = heldReruns.get(taskId);
    if (held != null) {
      held.countDown();
    }
  }

  private TaskActivities tasks(TaskActivitiesImpl real) {
    return new TaskActivities() {
      @Override
      public void validateTask(TaskSpec task) {
        CountDownLatch held = heldReruns.get(task.id());
        if (task.resume() != null && held != null) {
          try {
            if (!held.await(30, TimeUnit.SECONDS)) {
              throw new IllegalStateException("the test never released the rerun");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        }
        real.validateTask(task);
      }

      @Override
      public void recordStatus(StatusChange change) {
        real.recordStatus(change);
      }

      @Override
      public void recordDecision(long taskId, Decision decision) {
        real.recordDecision(taskId, decision);
      }

      @Override
      public void recordOutcome(TaskOutcome outcome) {
        real.recordOutcome(outcome);
      }
    };
  }

  private AgentActivities agents() {
    return request -> {
      long id = request.task().id();
      runs.begin(
          id,
          request.attempt(),
          request.strategy(),
          "stand-in",
          request.prompt(),
          request.branch());
      String head = String.valueOf(request.attempt()).repeat(40);
      runs.succeeded(id, request.attempt(), "a".repeat(40), head, "ok");
      agentPrompts.put(id + "-" + request.attempt(), request.prompt());
      agentBranches.put(id + "-" + request.attempt(), request.branch());
      return new AgentRunResult(
          "stand-in", request.branch(), "a".repeat(40), head, List.of("x"), "ok", false);
    };
  }

  private ValidationActivities validation() {
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
        boolean failing =
            request.input().attempt() == 1
                && store
                    .find(request.input().taskId())
                    .map(t -> t.title().startsWith("Failing"))
                    .orElse(false);
        String verdict = failing ? ValidationResult.FAIL : ValidationResult.PASS;
        return new ValidationResult(
            1L,
            verdict,
            "verdict " + verdict,
            request.input().pr(),
            request.analysis(),
            request.tests());
      }

      @Override
      public void publishReport(ValidationResult result) {}
    };
  }
}
