package dev.prflow.workflows;

import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.Notification;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskProgress;
import dev.prflow.workflows.model.TaskSpec;
import dev.prflow.workflows.model.TaskStatus;
import dev.prflow.workflows.model.TimelineEntry;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/** The Task-to-PR pipeline. Deterministic: every side effect is an activity. */
public class TaskToPrWorkflowImpl implements TaskToPrWorkflow {

  static final String STRATEGY_INITIAL = "initial";
  static final String DEFAULT_PROMPT_STYLE = "comprehensive";

  static final ActivityOptions BOOKKEEPING_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setDoNotRetry("InvalidTask")
                  .build())
          .build();

  static final ActivityOptions PROMPT_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumAttempts(5)
                  .setDoNotRetry("InvalidTask", "RepositoryUnavailable")
                  .build())
          .build();

  static final ActivityOptions AGENT_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(70))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setBackoffCoefficient(2.0)
                  .setMaximumAttempts(3)
                  .setDoNotRetry("AgentNoChanges", "AgentMisconfigured", "InvalidTask")
                  .build())
          .build();

  static final ActivityOptions CODE_HOST_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(10).build())
          .build();

  static final ActivityOptions NOTIFY_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(5).build())
          .build();

  private static final Logger log = Workflow.getLogger(TaskToPrWorkflowImpl.class);

  private final TaskActivities tasks =
      Workflow.newActivityStub(TaskActivities.class, BOOKKEEPING_OPTIONS);
  private final PromptActivities prompts =
      Workflow.newActivityStub(PromptActivities.class, PROMPT_OPTIONS);
  private final AgentActivities agents =
      Workflow.newActivityStub(AgentActivities.class, AGENT_OPTIONS);
  private final CodeHostActivities codeHost =
      Workflow.newActivityStub(CodeHostActivities.class, CODE_HOST_OPTIONS);
  private final NotifyActivities notifier =
      Workflow.newActivityStub(NotifyActivities.class, NOTIFY_OPTIONS);

  private final List<TimelineEntry> timeline = new ArrayList<>();
  private String step = TaskStatus.PENDING;
  private int attempt = 0;
  private String strategy = STRATEGY_INITIAL;
  private PullRequestRef pr;
  private String lastVerdict;
  private int seq = 0;
  private TaskSpec task;

  @Override
  public TaskOutcome run(TaskSpec task) {
    this.task = task;
    try {
      return pipeline(task);
    } catch (RuntimeException failure) {
      if (!isCancellation(failure)) {
        throw failure;
      }
      Workflow.newDetachedCancellationScope(
              () -> finish(TaskStatus.CANCELLED, "cancelled during " + step, null))
          .run();
      throw failure;
    }
  }

  /**
   * A cancelled activity or child surfaces as a failure wrapping {@link CanceledFailure}; the
   * pipeline's failure handling must let it through instead of calling it a failed step.
   */
  static boolean isCancellation(Throwable failure) {
    if (CancellationScope.current().isCancelRequested()) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return false;
  }

  private static <T extends RuntimeException> T unlessCancelled(T failure) {
    if (isCancellation(failure)) {
      throw failure;
    }
    return failure;
  }

  private TaskOutcome pipeline(TaskSpec task) {
    enter(TaskStatus.VALIDATING);
    try {
      tasks.validateTask(task);
    } catch (ActivityFailure invalid) {
      unlessCancelled(invalid);
      return finish(TaskStatus.FAILED, "invalid task: " + Failures.reason(invalid), null);
    }

    attempt = 1;
    enter(TaskStatus.GENERATING_PROMPT);
    GeneratedPrompt prompt;
    try {
      String style = task.promptStyle() == null ? DEFAULT_PROMPT_STYLE : task.promptStyle();
      prompt = prompts.generatePrompt(new PromptRequest(task, style, attempt, strategy, null));
    } catch (ActivityFailure failure) {
      unlessCancelled(failure);
      return finish(
          TaskStatus.FAILED, "prompt generation failed: " + Failures.reason(failure), null);
    }

    enter(TaskStatus.RUNNING_AGENT);
    AgentRunResult run;
    try {
      run = agents.runAgent(new AgentRunRequest(task, attempt, strategy, prompt.text()));
      pr = codeHost.openPullRequest(new PullRequestRequest(task, attempt, run));
    } catch (ActivityFailure failure) {
      unlessCancelled(failure);
      return finish(TaskStatus.FAILED, "agent failed: " + Failures.reason(failure), null);
    }

    enter(TaskStatus.VALIDATING_PR);
    ValidationResult validation;
    try {
      PrValidationWorkflow child =
          Workflow.newChildWorkflowStub(
              PrValidationWorkflow.class,
              ChildWorkflowOptions.newBuilder().setWorkflowId(pr.validationWorkflowId()).build());
      validation = child.validate(new PrValidationInput(pr, task.id(), attempt));
    } catch (ChildWorkflowFailure failure) {
      unlessCancelled(failure);
      return finish(
          TaskStatus.FAILED, "validation failed to run: " + Failures.reason(failure), null);
    }
    lastVerdict = validation.verdict();
    if (validation.passed()) {
      return finish(TaskStatus.COMPLETED, validation.summary(), validation);
    }
    return finish(TaskStatus.VALIDATION_FAILED, validation.summary(), validation);
  }

  private void enter(String next) {
    long now = Workflow.currentTimeMillis();
    closeCurrentStep(now, "ok");
    step = next;
    timeline.add(new TimelineEntry(next, now, null, null));
    tasks.recordStatus(new StatusChange(task.id(), ++seq, next, null));
  }

  private void closeCurrentStep(long now, String outcome) {
    if (!timeline.isEmpty()) {
      TimelineEntry last = timeline.get(timeline.size() - 1);
      if (last.endedAt() == null) {
        timeline.set(
            timeline.size() - 1, new TimelineEntry(last.step(), last.startedAt(), now, outcome));
      }
    }
  }

  private TaskOutcome finish(String status, String reason, ValidationResult validation) {
    long now = Workflow.currentTimeMillis();
    closeCurrentStep(now, TaskStatus.COMPLETED.equals(status) ? "ok" : status);
    step = status;
    timeline.add(new TimelineEntry(status, now, now, reason));
    TaskOutcome outcome = new TaskOutcome(task.id(), status, reason, attempt, pr, validation);
    tasks.recordOutcome(outcome);
    try {
      notifier.notify(
          new Notification(task.id(), status, task.title(), reason, pr == null ? null : pr.url()));
    } catch (ActivityFailure undelivered) {
      unlessCancelled(undelivered);
      log.warn("notification for task {} not delivered: {}", task.id(), undelivered.getMessage());
    }
    return outcome;
  }

  @Override
  public TaskProgress status() {
    return new TaskProgress(step, attempt, strategy, pr, lastVerdict, timeline);
  }
}
