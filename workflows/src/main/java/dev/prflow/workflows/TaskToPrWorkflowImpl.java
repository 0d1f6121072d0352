package dev.prflow.workflows;

import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.CancelRequest;
import dev.prflow.workflows.model.ClosePullRequest;
import dev.prflow.workflows.model.Decision;
import dev.prflow.workflows.model.DecisionAccepted;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.Notification;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.PullRequestRequest;
import dev.prflow.workflows.model.RetryAccepted;
import dev.prflow.workflows.model.RetryRequest;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.Strategy;
import dev.prflow.workflows.model.TaskControls;
import dev.prflow.workflows.model.TaskOutcome;
import dev.prflow.workflows.model.TaskProgress;
import dev.prflow.workflows.model.TaskResume;
import dev.prflow.workflows.model.TaskSpec;
import dev.prflow.workflows.model.TaskStatus;
import dev.prflow.workflows.model.TestFailure;
import dev.prflow.workflows.model.TimelineEntry;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * The Task-to-PR pipeline with its strategy ladder, approval gate and controls. Deterministic:
 * every side effect is an activity; the updates and the query only touch fields, and a signal
 * ignored outside the approval gate schedules one bookkeeping activity that records it.
 */
public class TaskToPrWorkflowImpl implements TaskToPrWorkflow {

  static final String DEFAULT_PROMPT_STYLE = "comprehensive";

  static final SearchAttributeKey<String> TASK_STATUS = SearchAttributeKey.forKeyword("TaskStatus");
  static final SearchAttributeKey<String> REPOSITORY = SearchAttributeKey.forKeyword("Repository");
  static final SearchAttributeKey<String> PRIORITY = SearchAttributeKey.forKeyword("Priority");
  static final SearchAttributeKey<Long> ATTEMPT = SearchAttributeKey.forLong("Attempt");

  /**
   * Status, decision and outcome writes: retried without an attempt cap (0), backing off to at most
   * 30 s, so a PostgreSQL outage of any length delays a task but never decides it. Retry options
   * are not part of the command order: changing them needs no {@code Workflow.getVersion}.
   */
  static final ActivityOptions BOOKKEEPING_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .setMaximumAttempts(0)
                  .setDoNotRetry("InvalidTask")
                  .build())
          .build();

  /**
   * Prompt generation reads the codebase (a local repository, or GitHub's API): an unreachable
   * GitHub or PostgreSQL is retried for up to {@link #PROMPT_GIVE_UP} without an attempt cap, so an
   * outage delays the task instead of failing it; a task that cannot be prompted at all (a missing
   * repository or branch) fails at once.
   */
  static final Duration PROMPT_GIVE_UP = Duration.ofHours(6);

  static final ActivityOptions PROMPT_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setScheduleToCloseTimeout(PROMPT_GIVE_UP)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setMaximumInterval(Duration.ofMinutes(1))
                  .setMaximumAttempts(0)
                  .setDoNotRetry("InvalidTask", "RepositoryUnavailable")
                  .build())
          .build();

  static final ActivityOptions AGENT_OPTIONS =
      ActivityOptions.newBuilder()
          // A backstop: heartbeats find a dead worker, and the configured timeout (at most 24h)
          // ends the work itself.
          .setStartToCloseTimeout(Duration.ofHours(25))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
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

  /** How long an undeliverable notice is retried before it is given up (and recorded failed). */
  static final Duration NOTIFY_GIVE_UP = Duration.ofHours(2);

  /**
   * A failed delivery fails the activity and Temporal retries it (a webhook's {@code Retry-After}
   * sets the next delay), for at most {@link #NOTIFY_GIVE_UP}; the final failure is logged and
   * swallowed by {@link #notifyQuietly}, so a notice never decides a task's outcome.
   */
  static final ActivityOptions NOTIFY_OPTIONS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(45))
          .setScheduleToCloseTimeout(NOTIFY_GIVE_UP)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setBackoffCoefficient(2.0)
                  .setMaximumInterval(Duration.ofMinutes(10))
                  .setDoNotRetry("NotificationRejected")
                  .build())
          .build();

  /**
   * Notifications since {@link #ABANDONED_NOTICES}: a cancel stops waiting for one but never asks
   * the server to cancel it. Asking could race its completion (the test server then loses the
   * workflow task), and a notice half-sent is worth finishing anyway.
   */
  static final ActivityOptions ABANDONED_NOTIFY_OPTIONS =
      ActivityOptions.newBuilder(NOTIFY_OPTIONS)
          .setCancellationType(ActivityCancellationType.ABANDON)
          .build();

  /** Change id: a merge that fails ends the task with the reason instead of failing the run. */
  static final String MERGE_FAILURE_ENDS_TASK = "merge-failure-ends-task";

  /**
   * Change id: the task's validation child runs under its own id ({@link
   * PullRequestRef#taskValidationWorkflowId}), so a webhook's validation of the same head commit
   * cannot make the child's start fail.
   */
  static final String OWN_VALIDATION_ID = "own-validation-id";

  /** Change id: a superseded pull request that cannot be closed no longer fails the run. */
  static final String SUPERSEDED_CLOSE_BEST_EFFORT = "superseded-close-best-effort";

  /** Change id: notification activities are abandoned, not cancelled, when the task is. */
  static final String ABANDONED_NOTICES = "abandoned-notices";

  /**
   * Change id: a cancel abandons the quick activities (bookkeeping, prompt, code host) instead of
   * asking the server to cancel them. They are idempotent and end in seconds, and a cancel request
   * racing an activity's completion lost the workflow task on the test server. The agent and the
   * tests are still cancelled, so their processes are killed.
   */
  static final String ABANDONED_BOOKKEEPING = "abandoned-bookkeeping";

  /**
   * Change id: approve and reject count only at the approval gate of the current attempt. The gate
   * starts empty each time it opens; a signal that arrives anywhere else is ignored and recorded (a
   * timeline entry and a task event); a decision taken is recorded as a task event saying who and
   * via what. Before it, an early signal was kept and opened the next gate at once.
   */
  static final String APPROVALS_AT_THE_GATE = "approvals-at-the-gate";

  /**
   * Change id: a task made by {@code POST /api/v1/codegen/create-pr} brings its own prompt; the run
   * skips {@code generatePrompt} (and the {@code generating_prompt} step) and hands the agent that
   * prompt, with the feedback of the attempt before appended from the second attempt on.
   */
  static final String GIVEN_PROMPT = "given-prompt";

  /**
   * Change id: the status written on entering each step ({@code recordStatus}) runs as a local
   * activity, inside the workflow task, instead of as an activity of its own: one marker in the
   * history instead of an activity's three events and a workflow task's three, and no round trip
   * through the task queue (bench/run P1). It retries like the activity did, without limit, while
   * the database is out.
   */
  static final String LOCAL_STATUS_WRITES = "local-status-writes";

  /**
   * Since {@link #LOCAL_STATUS_WRITES}: how a step's status write runs. The SDK retries a local
   * activity only within a schedule-to-close bound, so a database blip is retried here for up to 20
   * seconds; a longer outage falls back to the activity of before, which the server retries without
   * limit and without growing the history.
   */
  static final LocalActivityOptions LOCAL_BOOKKEEPING_OPTIONS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofSeconds(20))
          .setRetryOptions(BOOKKEEPING_OPTIONS.getRetryOptions())
          .build();

  /** The style recorded for a prompt the task brought with it. */
  static final String GIVEN_STYLE = "given";

  /** The timeline step of a signal that arrived outside the approval gate and was ignored. */
  static final String SIGNAL_IGNORED = "signal_ignored";

  private static final Logger log = Workflow.getLogger(TaskToPrWorkflowImpl.class);
  private static final int FEEDBACK_FINDINGS = 15;

  /** Since {@link #ABANDONED_BOOKKEEPING}: quick activities are abandoned, not cancelled. */
  private boolean abandonQuickOnCancel;

  /** Since {@link #APPROVALS_AT_THE_GATE}: decisions count only at the gate of this attempt. */
  private boolean approvalsAtTheGate;

  /** Since {@link #GIVEN_PROMPT}: the task's own prompt replaces prompt generation. */
  private boolean givenPrompt;

  /** Since {@link #LOCAL_STATUS_WRITES}: a step's status is written by a local activity. */
  private boolean localStatusWrites;

  /** Attempts of the runs before this one (a retry of an ended task continues their numbers). */
  private int attemptsBefore;

  /** The first status sequence number of this run ({@link TaskResume#seqBase()}). */
  private int seqBase;

  /** The feedback the first attempt of a resumed run starts from. */
  private String resumedFeedback;

  private final List<TimelineEntry> timeline = new ArrayList<>();
  private String step = TaskStatus.PENDING;
  private int attempt = 0;
  private String strategy = Strategy.INITIAL;
  private PullRequestRef pr;
  private String lastVerdict;
  private int seq = 0;
  private TaskSpec task;
  private boolean finished;
  private boolean awaitingApproval;
  private Decision approval;
  private Decision rejection;
  private RetryRequest queuedRetry;
  private CancelRequest cancelRequest;
  private CancellationScope work;

  @Override
  public TaskOutcome run(TaskSpec task) {
    this.task = task;
    abandonQuickOnCancel =
        Workflow.getVersion(ABANDONED_BOOKKEEPING, Workflow.DEFAULT_VERSION, 1) >= 1;
    approvalsAtTheGate =
        Workflow.getVersion(APPROVALS_AT_THE_GATE, Workflow.DEFAULT_VERSION, 1) >= 1;
    givenPrompt =
        task.givenPrompt() != null
            && Workflow.getVersion(GIVEN_PROMPT, Workflow.DEFAULT_VERSION, 1) >= 1;
    localStatusWrites = Workflow.getVersion(LOCAL_STATUS_WRITES, Workflow.DEFAULT_VERSION, 1) >= 1;
    if (task.resume() != null) {
      resumeFrom(task.resume());
    }
    upsert(TaskStatus.PENDING);
    TaskOutcome[] outcome = new TaskOutcome[1];
    work = Workflow.newCancellationScope(() -> outcome[0] = pipeline(task));
    try {
      work.run();
      return outcome[0];
    } catch (RuntimeException failure) {
      if (!isCancellation(failure)) {
        throw failure;
      }
      String reason =
          cancelRequest == null
              ? "cancelled during " + step
              : "cancelled"
                  + (cancelRequest.by() == null ? "" : " by " + cancelRequest.by())
                  + (cancelRequest.reason() == null ? "" : ": " + cancelRequest.reason());
      TaskOutcome[] cancelled = new TaskOutcome[1];
      Workflow.newDetachedCancellationScope(
              () -> {
                closeOpenPullRequest("closed", reason);
                cancelled[0] = finish(TaskStatus.CANCELLED, reason, null);
              })
          .run();
      if (cancelRequest != null && !CancellationScope.current().isCancelRequested()) {
        // Cancelled by the cancel signal: the run itself ends normally, its outcome cancelled.
        return cancelled[0];
      }
      throw failure;
    }
  }

  /** Continues where the ended run left off: its attempts, pull request and feedback. */
  private void resumeFrom(TaskResume resume) {
    seqBase = resume.seqBase();
    seq = seqBase;
    TaskOutcome previous = resume.previous();
    if (previous != null) {
      attempt = previous.attempts();
      pr = previous.pr();
      ValidationResult validation = previous.validation();
      lastVerdict = validation == null ? null : validation.verdict();
      if (TaskStatus.REJECTED.equals(previous.status())) {
        resumedFeedback =
            "A reviewer rejected the previous pull request"
                + (previous.reason() == null ? "." : ": " + previous.reason());
      } else if (validation != null && !validation.passed()) {
        resumedFeedback = feedback(validation);
      } else if (previous.reason() != null) {
        resumedFeedback =
            "The previous attempt ended " + previous.status() + ": " + previous.reason();
      }
    }
    attemptsBefore = attempt;
    if (resume.strategy() != null) {
      queuedRetry = new RetryRequest(resume.strategy(), resume.by());
    }
  }

  private TaskOutcome pipeline(TaskSpec task) {
    enter(TaskStatus.VALIDATING);
    try {
      tasks("validate task " + task.id()).validateTask(task);
    } catch (ActivityFailure invalid) {
      unlessCancelled(invalid);
      return finish(TaskStatus.FAILED, "invalid task: " + Failures.reason(invalid), null);
    }
    TaskControls controls = task.controls();
    String feedback = resumedFeedback;
    while (true) {
      attempt++;
      strategy =
          queuedRetry != null && queuedRetry.strategy() != null
              ? queuedRetry.strategy()
              : Strategy.forAttempt(attempt);
      queuedRetry = null;
      upsertAttempt();

      GeneratedPrompt prompt;
      if (givenPrompt) {
        prompt = new GeneratedPrompt(GIVEN_STYLE, withFeedback(task.givenPrompt(), feedback), null);
      } else {
        enter(TaskStatus.GENERATING_PROMPT);
        try {
          String style = task.promptStyle() == null ? DEFAULT_PROMPT_STYLE : task.promptStyle();
          prompt =
              prompts(summary("prompt for attempt " + attempt + " (" + strategy + ")"))
                  .generatePrompt(new PromptRequest(task, style, attempt, strategy, feedback));
        } catch (ActivityFailure failure) {
          unlessCancelled(failure);
          return finish(
              TaskStatus.FAILED, "prompt generation failed: " + Failures.reason(failure), null);
        }
      }

      enter(TaskStatus.RUNNING_AGENT);
      String continueBranch =
          Strategy.FIX_FORWARD.equals(strategy) && pr != null ? pr.headBranch() : null;
      PullRequestRef opened;
      try {
        AgentRunResult run =
            agents(summary("agent, attempt " + attempt + " (" + strategy + ")"))
                .runAgent(
                    new AgentRunRequest(task, attempt, strategy, prompt.text(), continueBranch));
        opened =
            codeHost("open pull request, attempt " + attempt)
                .openPullRequest(new PullRequestRequest(task, attempt, run));
      } catch (ActivityFailure failure) {
        unlessCancelled(failure);
        String reason =
            "agent failed on attempt "
                + attempt
                + " ("
                + strategy
                + "): "
                + Failures.reason(failure);
        if (lastVerdict != null) {
          return finish(TaskStatus.VALIDATION_FAILED, reason, null);
        }
        return finish(TaskStatus.FAILED, reason, null);
      }
      if (pr != null && pr.number() != opened.number()) {
        closeSuperseded(opened);
      }
      pr = opened;

      enter(TaskStatus.VALIDATING_PR);
      ValidationResult validation;
      try {
        PrValidationWorkflow child =
            Workflow.newChildWorkflowStub(
                PrValidationWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                    .setWorkflowId(validationChildId())
                    .setStaticSummary("validate " + pr.url() + " at " + shortSha(pr.headSha()))
                    .build());
        validation = child.validate(new PrValidationInput(pr, task.id(), attempt));
      } catch (ChildWorkflowFailure failure) {
        unlessCancelled(failure);
        return finish(
            TaskStatus.FAILED, "validation failed to run: " + Failures.reason(failure), null);
      }
      lastVerdict = validation.verdict();

      if (validation.passed() && queuedRetry == null) {
        if (!controls.requireApproval()) {
          return finish(TaskStatus.COMPLETED, validation.summary(), validation);
        }
        TaskOutcome decided = awaitApproval(controls, validation);
        if (decided != null) {
          return decided;
        }
        feedback = rejection == null ? feedback : rejectionFeedback(rejection);
        rejection = null;
      } else if (!validation.passed()) {
        feedback = feedback(validation);
      }
      boolean attemptsLeft =
          attempt - attemptsBefore < controls.maxAttempts() || queuedRetry != null;
      if (!attemptsLeft || attempt - attemptsBefore >= TaskControls.MAX_ATTEMPTS_LIMIT) {
        return finish(TaskStatus.VALIDATION_FAILED, validation.summary(), validation);
      }
    }
  }

  /** Waits for a person; returns the outcome, or null when another attempt should run. */
  private TaskOutcome awaitApproval(TaskControls controls, ValidationResult validation) {
    // The attempt is over: from here a retry starts at once instead of queueing behind it.
    awaitingApproval = true;
    if (approvalsAtTheGate) {
      // Each gate starts empty: nothing sent before it opened, nor in an earlier attempt, counts.
      approval = null;
      rejection = null;
    }
    enter(TaskStatus.AWAITING_APPROVAL);
    notifyQuietly(
        TaskStatus.AWAITING_APPROVAL,
        "pull request " + pr.url() + " passed validation and waits for approval");
    boolean decided =
        Workflow.await(
            Duration.ofSeconds(controls.approvalTimeoutSeconds()),
            () -> approval != null || rejection != null || queuedRetry != null);
    awaitingApproval = false;
    if (!decided) {
      return finish(
          TaskStatus.FAILED,
          "no approval within "
              + humanDuration(controls.approvalTimeoutSeconds())
              + "; the pull request stays open",
          validation);
    }
    if (approval != null) {
      Decision d = approval;
      tasks("record approval").recordDecision(task.id(), d);
      String reason;
      if (approvalsAtTheGate) {
        reason = "approved " + d.who();
        recordDecisionEvent(reason + (d.comment() == null ? "" : ": " + d.comment()));
      } else {
        reason = "approved" + (d.by() == null ? "" : " by " + d.by());
      }
      if (controls.autoMerge()) {
        if (Workflow.getVersion(MERGE_FAILURE_ENDS_TASK, Workflow.DEFAULT_VERSION, 1) < 1) {
          String merged = codeHost(mergeSummary()).mergePullRequest(pr);
          reason += "; merged into " + pr.baseBranch() + " as " + shortSha(merged);
        } else {
          try {
            String merged = codeHost(mergeSummary()).mergePullRequest(pr);
            reason += "; merged into " + pr.baseBranch() + " as " + shortSha(merged);
          } catch (ActivityFailure refused) {
            unlessCancelled(refused);
            return finish(
                TaskStatus.FAILED,
                reason
                    + ", but the merge into "
                    + pr.baseBranch()
                    + " failed: "
                    + Failures.reason(refused)
                    + "; the pull request stays open",
                validation);
          }
        }
      }
      return finish(TaskStatus.COMPLETED, reason, validation);
    }
    if (rejection != null) {
      tasks("record rejection").recordDecision(task.id(), rejection);
      String rejected =
          "rejected"
              + (approvalsAtTheGate
                  ? " " + rejection.who()
                  : rejection.by() == null ? "" : " by " + rejection.by())
              + (rejection.comment() == null ? "" : ": " + rejection.comment());
      if (approvalsAtTheGate) {
        recordDecisionEvent(rejected);
      }
      boolean attemptsLeft =
          attempt - attemptsBefore < controls.maxAttempts() || queuedRetry != null;
      if (!attemptsLeft) {
        return finish(TaskStatus.REJECTED, rejected, validation);
      }
    }
    return null;
  }

  /**
   * Since {@link #APPROVALS_AT_THE_GATE}: the decision taken at the gate, as a task event of the
   * gate's step, and as the outcome of the gate in the timeline.
   */
  private void recordDecisionEvent(String what) {
    closeCurrentStep(Workflow.currentTimeMillis(), what);
    tasks("record decision")
        .recordStatus(new StatusChange(task.id(), ++seq, TaskStatus.AWAITING_APPROVAL, what));
  }

  @Override
  public void approve(Decision decision) {
    Decision d = decision == null ? Decision.viaTemporal(null, null) : decision.fromTemporal();
    if (!approvalsAtTheGate) {
      approval = d;
      return;
    }
    if (whyNotAtTheGate() != null) {
      ignore(TaskToPrWorkflow.APPROVE, d);
      return;
    }
    approval = d;
  }

  @Override
  public void reject(Decision decision) {
    Decision d = decision == null ? Decision.viaTemporal(null, null) : decision.fromTemporal();
    if (!approvalsAtTheGate) {
      rejection = d;
      return;
    }
    if (whyNotAtTheGate() != null) {
      ignore(TaskToPrWorkflow.REJECT, d);
      return;
    }
    rejection = d;
  }

  @Override
  public void validateApproval(Decision decision) {
    requireTheGate();
  }

  @Override
  public DecisionAccepted approveAtGate(Decision decision) {
    approval = decision == null ? Decision.viaTemporal(null, null) : decision;
    return new DecisionAccepted(DecisionAccepted.APPROVED, attempt);
  }

  @Override
  public void validateRejection(Decision decision) {
    requireTheGate();
  }

  @Override
  public DecisionAccepted rejectAtGate(Decision decision) {
    rejection = decision == null ? Decision.viaTemporal(null, null) : decision;
    return new DecisionAccepted(DecisionAccepted.REJECTED, attempt);
  }

  private void requireTheGate() {
    String why = whyNotAtTheGate();
    if (why != null) {
      throw new IllegalStateException(why);
    }
  }

  /**
   * Null while the run waits at the approval gate of its current attempt with nothing decided yet;
   * otherwise why a decision cannot count now.
   */
  private String whyNotAtTheGate() {
    if (finished) {
      return "the task has ended (" + step + "); nothing to approve or reject";
    }
    if (!awaitingApproval || !TaskStatus.AWAITING_APPROVAL.equals(step)) {
      return "the task is "
          + step
          + (attempt > 0 ? " (attempt " + attempt + ")" : "")
          + ", not awaiting approval";
    }
    if (approval != null || rejection != null) {
      return "attempt "
          + attempt
          + " has already been "
          + (approval != null ? "approved" : "rejected");
    }
    if (queuedRetry != null) {
      return "a retry of attempt " + attempt + " was requested; its gate has closed";
    }
    return null;
  }

  /**
   * A signal outside the gate decides nothing: it is recorded in the timeline and as a task event
   * (of the current step, so the task's status stays as it is).
   */
  private void ignore(String signal, Decision d) {
    String what = signal + " " + d.who() + " ignored: " + whyNotAtTheGate();
    long now = Workflow.currentTimeMillis();
    timeline.add(new TimelineEntry(SIGNAL_IGNORED, now, now, what));
    log.info("task {}: {}", task == null ? "?" : task.id(), what);
    if (task != null) {
      Async.procedure(
          tasks("record ignored " + signal)::recordStatus,
          new StatusChange(task.id(), ++seq, step, what));
    }
  }

  @Override
  public void cancel(CancelRequest request) {
    cancelRequest = request == null ? new CancelRequest(null, null) : request;
    if (work != null && !finished) {
      work.cancel(cancelRequest.reason());
    }
  }

  @Override
  public void validateRetry(RetryRequest request) {
    if (request == null) {
      throw new IllegalArgumentException(
          "a retry needs a JSON object, e.g. {\"strategy\":\"simplified_scope\"}");
    }
    if (request.strategy() != null && !Strategy.RETRYABLE.contains(request.strategy())) {
      throw new IllegalArgumentException(
          "unknown strategy " + request.strategy() + "; use one of " + Strategy.RETRYABLE);
    }
    if (finished) {
      throw new IllegalStateException("the task has ended; start a new task instead");
    }
    if (task != null && task.resume() != null && attempt == attemptsBefore) {
      // A second retry racing the one that started this run: that one already chose its attempt.
      throw new IllegalStateException(
          "this run was started by a retry moments ago and has not begun its first attempt yet");
    }
    if (attempt - attemptsBefore >= TaskControls.MAX_ATTEMPTS_LIMIT) {
      throw new IllegalStateException(
          "the task has used all " + TaskControls.MAX_ATTEMPTS_LIMIT + " attempts of this run");
    }
  }

  @Override
  public RetryAccepted retry(RetryRequest request) {
    String next =
        request.strategy() != null ? request.strategy() : Strategy.forAttempt(attempt + 1);
    queuedRetry = new RetryRequest(next, request.by());
    return new RetryAccepted(attempt + 1, next, !awaitingApproval);
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

  private static <T extends RuntimeException> void unlessCancelled(T failure) {
    if (isCancellation(failure)) {
      throw failure;
    }
  }

  /**
   * Closes the previous attempt's pull request. Since {@link #SUPERSEDED_CLOSE_BEST_EFFORT} a close
   * that keeps failing is logged and the task goes on with the new pull request, instead of the run
   * failing with the task left in its step.
   */
  private void closeSuperseded(PullRequestRef opened) {
    CodeHostActivities host =
        codeHost("close #" + pr.number() + " (superseded by #" + opened.number() + ")");
    ClosePullRequest close =
        new ClosePullRequest(
            pr,
            "superseded",
            "Superseded by #" + opened.number() + " (attempt " + attempt + ", " + strategy + ").");
    if (Workflow.getVersion(SUPERSEDED_CLOSE_BEST_EFFORT, Workflow.DEFAULT_VERSION, 1) < 1) {
      host.closePullRequest(close);
      return;
    }
    try {
      host.closePullRequest(close);
    } catch (ActivityFailure failed) {
      unlessCancelled(failed);
      log.warn("superseded pull request {} not closed: {}", pr.url(), Failures.reason(failed));
    }
  }

  private void closeOpenPullRequest(String state, String reason) {
    if (pr == null) {
      return;
    }
    try {
      codeHost("close #" + pr.number() + " (" + state + ")")
          .closePullRequest(new ClosePullRequest(pr, state, reason));
    } catch (ActivityFailure e) {
      log.warn("pull request {} not closed: {}", pr.url(), e.getMessage());
    }
  }

  static String feedback(ValidationResult validation) {
    StringBuilder b = new StringBuilder("The previous attempt's pull request did not pass: ");
    b.append(validation.summary()).append('\n');
    if (validation.tests() != null) {
      for (TestFailure f : validation.tests().failures()) {
        b.append("- failing test ").append(f.name());
        if (f.message() != null) {
          b.append(": ").append(f.message());
        }
        b.append('\n');
      }
      if (validation.tests().failures().isEmpty() && validation.tests().outputTail() != null) {
        List<String> lines = validation.tests().outputTail().lines().toList();
        b.append("Test output (end):\n");
        lines
            .subList(Math.max(0, lines.size() - 20), lines.size())
            .forEach(l -> b.append("  ").append(l).append('\n'));
      }
    }
    int shown = 0;
    for (Finding f : validation.findings()) {
      if (shown++ >= FEEDBACK_FINDINGS || "tests".equals(f.category())) {
        continue;
      }
      b.append("- ").append(f.severity()).append(' ').append(f.rule()).append(" at ");
      b.append(f.file() == null ? "(pull request)" : f.file());
      if (f.line() != null) {
        b.append(':').append(f.line());
      }
      b.append(": ").append(f.message()).append('\n');
    }
    return b.toString();
  }

  /** A given prompt, with what the attempt before left to fix. */
  static String withFeedback(String prompt, String feedback) {
    if (feedback == null || feedback.isBlank()) {
      return prompt;
    }
    return prompt + "\n\n## Feedback from the previous attempt\n\n" + feedback;
  }

  private static String rejectionFeedback(Decision d) {
    return "A reviewer rejected the previous pull request"
        + (d.by() == null ? "" : " (" + d.by() + ")")
        + (d.comment() == null ? "." : ": " + d.comment());
  }

  private void enter(String next) {
    long now = Workflow.currentTimeMillis();
    closeCurrentStep(now, "ok");
    step = next;
    timeline.add(new TimelineEntry(next, now, null, null));
    writeStatus(new StatusChange(task.id(), ++seq, next, null));
    upsert(next);
  }

  /**
   * A step's status: since {@link #LOCAL_STATUS_WRITES} by a local activity, and by the activity
   * when the local one ran out of its time ({@link #LOCAL_BOOKKEEPING_OPTIONS}).
   */
  private void writeStatus(StatusChange change) {
    String summary = "status " + change.status();
    if (localStatusWrites) {
      try {
        Workflow.newLocalActivityStub(
                TaskActivities.class,
                LocalActivityOptions.newBuilder(LOCAL_BOOKKEEPING_OPTIONS)
                    .setSummary(summary)
                    .build())
            .recordStatus(change);
        return;
      } catch (ActivityFailure failure) {
        if (failure.getRetryState() != RetryState.RETRY_STATE_TIMEOUT) {
          throw failure;
        }
        log.warn(
            "status {} of task {} not written yet; waiting for the database",
            change.status(),
            change.taskId());
      }
    }
    tasks(summary).recordStatus(change);
  }

  /** Ends the step the run is in; the notes of ignored signals after it are skipped. */
  private void closeCurrentStep(long now, String outcome) {
    for (int i = timeline.size() - 1; i >= 0; i--) {
      TimelineEntry last = timeline.get(i);
      if (SIGNAL_IGNORED.equals(last.step())) {
        continue;
      }
      if (last.endedAt() == null) {
        timeline.set(i, new TimelineEntry(last.step(), last.startedAt(), now, outcome));
      }
      return;
    }
  }

  private TaskOutcome finish(String status, String reason, ValidationResult validation) {
    finished = true;
    long now = Workflow.currentTimeMillis();
    closeCurrentStep(now, TaskStatus.COMPLETED.equals(status) ? "ok" : status);
    step = status;
    timeline.add(new TimelineEntry(status, now, now, reason));
    TaskOutcome outcome =
        new TaskOutcome(
            task.id(), status, reason, attempt, pr, validation, seqBase + StatusChange.OUTCOME);
    tasks("outcome " + status).recordOutcome(outcome);
    WorkflowMetrics.taskFinished(status, attempt);
    upsert(status);
    notifyQuietly(status, reason);
    return outcome;
  }

  private void notifyQuietly(String event, String message) {
    boolean abandon = Workflow.getVersion(ABANDONED_NOTICES, Workflow.DEFAULT_VERSION, 1) >= 1;
    NotifyActivities sender =
        Workflow.newActivityStub(
            NotifyActivities.class,
            ActivityOptions.newBuilder(abandon ? ABANDONED_NOTIFY_OPTIONS : NOTIFY_OPTIONS)
                .setSummary("notify: " + event)
                .build());
    try {
      sender.notify(
          new Notification(task.id(), event, task.title(), message, pr == null ? null : pr.url()));
    } catch (ActivityFailure undelivered) {
      unlessCancelled(undelivered);
      log.warn("notification for task {} not delivered: {}", task.id(), undelivered.getMessage());
    }
  }

  /** Search attributes exist only where the starter set them (registered on the server). */
  private void upsert(String status) {
    if (!Workflow.getTypedSearchAttributes().containsKey(TASK_STATUS)) {
      return;
    }
    Workflow.upsertTypedSearchAttributes(
        TASK_STATUS.valueSet(status),
        REPOSITORY.valueSet(task.repository()),
        PRIORITY.valueSet(task.priority()));
  }

  private void upsertAttempt() {
    if (Workflow.getTypedSearchAttributes().containsKey(TASK_STATUS)) {
      Workflow.upsertTypedSearchAttributes(ATTEMPT.valueSet((long) attempt));
    }
  }

  private TaskActivities tasks(String summary) {
    return Workflow.newActivityStub(TaskActivities.class, quick(BOOKKEEPING_OPTIONS, summary));
  }

  private CodeHostActivities codeHost(String summary) {
    return Workflow.newActivityStub(CodeHostActivities.class, quick(CODE_HOST_OPTIONS, summary));
  }

  private String validationChildId() {
    return Workflow.getVersion(OWN_VALIDATION_ID, Workflow.DEFAULT_VERSION, 1) >= 1
        ? pr.taskValidationWorkflowId(task.id(), attempt)
        : pr.validationWorkflowId();
  }

  private String mergeSummary() {
    return "merge #" + pr.number() + " into " + pr.baseBranch();
  }

  /** Options of a quick activity with its Web UI summary, abandoned on cancel when versioned so. */
  private ActivityOptions quick(ActivityOptions base, String summary) {
    ActivityOptions.Builder options = ActivityOptions.newBuilder(base).setSummary(summary);
    if (abandonQuickOnCancel) {
      options.setCancellationType(ActivityCancellationType.ABANDON);
    }
    return options.build();
  }

  private static PromptActivities prompts(ActivityOptions options) {
    return Workflow.newActivityStub(PromptActivities.class, options);
  }

  private static AgentActivities agents(ActivityOptions options) {
    return Workflow.newActivityStub(AgentActivities.class, options);
  }

  private ActivityOptions summary(String text) {
    return text.startsWith("agent")
        ? ActivityOptions.newBuilder(AGENT_OPTIONS).setSummary(text).build()
        : quick(PROMPT_OPTIONS, text);
  }

  static String humanDuration(long seconds) {
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  private static String shortSha(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
  }

  @Override
  public TaskProgress status() {
    return new TaskProgress(step, attempt, strategy, pr, lastVerdict, timeline);
  }
}
