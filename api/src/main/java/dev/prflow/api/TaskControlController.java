package dev.prflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.store.TaskRow;
import dev.prflow.api.auth.Caller;
import dev.prflow.api.validation.ApiException;
import dev.prflow.api.validation.FieldProblem;
import dev.prflow.workflows.TaskToPrWorkflow;
import dev.prflow.workflows.model.CancelRequest;
import dev.prflow.workflows.model.Decision;
import dev.prflow.workflows.model.DecisionAccepted;
import dev.prflow.workflows.model.RetryAccepted;
import dev.prflow.workflows.model.RetryRequest;
import dev.prflow.workflows.model.StatusChange;
import dev.prflow.workflows.model.Strategy;
import dev.prflow.workflows.model.TaskStatus;
import io.javalin.http.Context;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steering a running task: retry, approve and reject (Temporal updates, validated by the workflow),
 * cancel (a signal). The same names work from the temporal CLI. Who asked is never taken from the
 * body: {@code by} is the name of the API key that called ({@link Caller}).
 */
final class TaskControlController {

  private static final int MAX_TEXT = 2_000;

  /** The 409 code of an approve or reject that arrives while the task does not wait for one. */
  static final String NOT_AWAITING_APPROVAL = "not_awaiting_approval";

  private static final String BY_IS_THE_KEY =
      "cannot be set: by is the name of the calling API key, recorded by the server";

  private final ApiDependencies deps;
  private final ObjectMapper mapper;
  private final EndedTaskRetry ended;

  TaskControlController(ApiDependencies deps, ObjectMapper mapper, EndedTaskRetry ended) {
    this.deps = deps;
    this.mapper = mapper;
    this.ended = ended;
  }

  /**
   * {@code POST /api/v1/codegen/retry/{task_id}} with {@code {"retry_options":{"strategy":…}}}: the
   * update {@code retry} of a running task, or a new run of an ended one ({@link EndedTaskRetry}).
   */
  void retry(Context ctx) {
    TaskRow task = existingTask(ctx.pathParam("task_id"));
    JsonNode body = object(ctx.bodyAsBytes(), false);
    List<FieldProblem> problems = new ArrayList<>();
    unknownFields(body, Set.of("retry_options"), "", problems);
    String strategy = null;
    JsonNode options = body.get("retry_options");
    if (options != null && !options.isNull()) {
      if (!options.isObject()) {
        problems.add(new FieldProblem("retry_options", "must be an object"));
      } else {
        unknownFields(options, Set.of("strategy"), "retry_options.", problems);
        JsonNode s = options.get("strategy");
        if (s != null && !s.isNull()) {
          if (!s.isTextual() || !Strategy.RETRYABLE.contains(s.asText())) {
            problems.add(
                new FieldProblem(
                    "retry_options.strategy",
                    "must be one of " + String.join(", ", Strategy.RETRYABLE)));
          } else {
            strategy = s.asText();
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid retry request", problems);
    }
    String by = callerName(ctx);
    if (TaskStatus.isTerminal(task.status())) {
      ctx.status(202).json(ended.retry(task, strategy, by));
      return;
    }
    if (justReopened(task)) {
      throw ApiException.conflict(
          "task " + task.id() + " was just retried; its new run has not begun yet");
    }
    RetryAccepted accepted;
    try {
      accepted = workflow(task).retry(new RetryRequest(strategy, by));
    } catch (WorkflowUpdateException rejected) {
      throw ApiException.conflict("retry refused: " + rootMessage(rejected));
    } catch (WorkflowNotFoundException gone) {
      throw ApiException.conflict("task " + task.id() + " is no longer running");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("task_id", task.id());
    answer.put("attempt", accepted.attempt());
    answer.put("strategy", accepted.strategy());
    answer.put("queued", accepted.queued());
    ctx.status(202).json(answer);
  }

  void cancel(Context ctx) {
    TaskRow task = existingTask(ctx.pathParam("id"));
    JsonNode body = object(ctx.bodyAsBytes(), false);
    List<FieldProblem> problems = new ArrayList<>();
    unknownFields(body, Set.of("reason"), "", problems);
    String reason = text(body, "reason", problems);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid cancel request", problems);
    }
    String by = callerName(ctx);
    requireRunning(task);
    signal(task, () -> workflow(task).cancel(new CancelRequest(reason, by)));
    ctx.status(202).json(Map.of("task_id", task.id(), "status", "cancelling"));
  }

  void approve(Context ctx) {
    decide(ctx, true);
  }

  void reject(Context ctx) {
    decide(ctx, false);
  }

  private void decide(Context ctx, boolean approve) {
    TaskRow task = existingTask(ctx.pathParam("id"));
    JsonNode body = object(ctx.bodyAsBytes(), false);
    List<FieldProblem> problems = new ArrayList<>();
    unknownFields(body, Set.of("comment"), "", problems);
    String comment = text(body, "comment", problems);
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid decision", problems);
    }
    if (!task.controls().requireApproval()) {
      throw notAwaitingApproval("task " + task.id() + " does not require approval");
    }
    if (TaskStatus.isTerminal(task.status())) {
      throw notAwaitingApproval(
          "task " + task.id() + " is " + task.status() + ", not awaiting approval");
    }
    // The workflow decides whether its gate is open right now. The database may lag behind it:
    // GET shows the workflow's own step (awaiting_approval) before the row says so, and a person
    // who read it must not be refused.
    Decision decision = Decision.viaApi(callerName(ctx), comment);
    DecisionAccepted accepted;
    try {
      accepted =
          approve ? workflow(task).approveAtGate(decision) : workflow(task).rejectAtGate(decision);
    } catch (WorkflowUpdateException refused) {
      throw notAwaitingApproval(
          "task "
              + task.id()
              + " cannot be "
              + (approve ? "approved" : "rejected")
              + ": "
              + rootMessage(refused));
    } catch (WorkflowNotFoundException gone) {
      throw notAwaitingApproval("task " + task.id() + " is no longer running");
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("task_id", task.id());
    answer.put("decision", accepted.decision());
    answer.put("attempt", accepted.attempt());
    answer.put("by", decision.by());
    ctx.status(202).json(answer);
  }

  private static ApiException notAwaitingApproval(String message) {
    return new ApiException(409, NOT_AWAITING_APPROVAL, message, List.of());
  }

  /** The name of the API key that called; null where no authentication step set it. */
  private static String callerName(Context ctx) {
    Caller caller = Caller.of(ctx);
    return caller == null ? null : caller.keyName();
  }

  private void signal(TaskRow task, Runnable send) {
    try {
      send.run();
    } catch (WorkflowNotFoundException gone) {
      throw ApiException.conflict("task " + task.id() + " is no longer running");
    }
  }

  /** 404 first, then the body (400), then whether the task still runs (409). */
  private TaskRow existingTask(String rawId) {
    long id = TaskController.parseId(rawId);
    return deps.tasks().find(id).orElseThrow(() -> ApiException.notFound("no task with id " + id));
  }

  /** Taken back by a retry of the ended task, before its new run wrote anything. */
  private static boolean justReopened(TaskRow task) {
    return TaskStatus.PENDING.equals(task.status())
        && task.statusSeq() >= StatusChange.ROUND
        && task.statusSeq() % StatusChange.ROUND == 0;
  }

  private static void requireRunning(TaskRow task) {
    if (TaskStatus.isTerminal(task.status())) {
      throw ApiException.conflict("task " + task.id() + " has ended (" + task.status() + ")");
    }
  }

  private TaskToPrWorkflow workflow(TaskRow task) {
    return deps.workflowClient().newWorkflowStub(TaskToPrWorkflow.class, task.workflowId());
  }

  private JsonNode object(byte[] body, boolean required) {
    if (body.length == 0 && !required) {
      return mapper.createObjectNode();
    }
    JsonNode node;
    try {
      node = body.length == 0 ? null : mapper.readTree(body);
    } catch (Exception e) {
      throw ApiException.badRequest(
          "request body must be valid JSON",
          List.of(new FieldProblem("body", "must be valid JSON")));
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest(
          "request body must be a JSON object",
          List.of(new FieldProblem("body", "must be a JSON object")));
    }
    return node;
  }

  private static void unknownFields(
      JsonNode node, Set<String> known, String prefix, List<FieldProblem> problems) {
    node.fieldNames()
        .forEachRemaining(
            name -> {
              if ("by".equals(name) && prefix.isEmpty()) {
                problems.add(new FieldProblem("by", BY_IS_THE_KEY));
              } else if (!known.contains(name)) {
                problems.add(new FieldProblem(prefix + name, "unknown field"));
              }
            });
  }

  private static String text(JsonNode body, String field, List<FieldProblem> problems) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual() || v.asText().codePointCount(0, v.asText().length()) > MAX_TEXT) {
      problems.add(
          new FieldProblem(field, "must be a string of at most " + MAX_TEXT + " characters"));
      return null;
    }
    return v.asText();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? "" : t.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
