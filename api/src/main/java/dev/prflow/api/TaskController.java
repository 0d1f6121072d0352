package dev.prflow.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.github.GitHubException;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.localgit.LocalRefs;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.store.InsertedTask;
import dev.prflow.activities.store.NewTask;
import dev.prflow.activities.store.TaskRow;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TaskSummaryRow;
import dev.prflow.activities.store.ValidationReportRow;
import dev.prflow.api.metrics.ApiMetrics;
import dev.prflow.api.validation.ApiException;
import dev.prflow.api.validation.FieldProblem;
import dev.prflow.api.validation.RepositoryLocator;
import dev.prflow.api.validation.TaskSubmission;
import dev.prflow.api.validation.TaskSubmissionParser;
import dev.prflow.workflows.TaskToPrWorkflow;
import dev.prflow.workflows.model.TaskProgress;
import dev.prflow.workflows.model.TaskStatus;
import io.javalin.http.Context;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code /api/v1/tasks}: submit, read and list tasks. */
final class TaskController {

  static final int MAX_BODY_BYTES = 1 << 20;
  private static final int MAX_IDEMPOTENCY_KEY = 200;
  private static final Logger log = LoggerFactory.getLogger(TaskController.class);

  private final ApiDependencies deps;
  private final TaskStore tasks;
  private final TaskSubmissionParser parser;
  private final WorkflowStarter starter;
  private final LocalRefs localRefs = new LocalRefs();

  /**
   * Runs the workflow {@code status} queries of {@code GET /tasks/{id}}. Not the common pool: on 2
   * cores that has one thread, so concurrent reads of running tasks would wait for each other.
   */
  private static final ExecutorService QUERIES =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "prflow-status-query");
            t.setDaemon(true);
            return t;
          });

  TaskController(ApiDependencies deps, ObjectMapper mapper, WorkflowStarter starter) {
    this.deps = deps;
    this.tasks = deps.tasks();
    this.parser = new TaskSubmissionParser(mapper);
    this.starter = starter;
  }

  void create(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > MAX_BODY_BYTES) {
      throw ApiException.tooLarge("request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    String key = ctx.header("Idempotency-Key");
    if (key != null && (key.isBlank() || key.length() > MAX_IDEMPOTENCY_KEY)) {
      throw ApiException.badRequest(
          "invalid Idempotency-Key header",
          List.of(new FieldProblem("Idempotency-Key", "must be 1–200 characters")));
    }
    TaskSubmission s = parser.parse(body);
    // A replayed request answers with the stored task before anything is looked up again.
    Optional<TaskRow> replayed = key == null ? Optional.empty() : tasks.findByIdempotencyKey(key);
    InsertedTask inserted =
        replayed.isPresent() ? new InsertedTask(replayed.get(), false) : insert(s, key);
    Map<String, Object> answer = startAndDescribe(ctx, inserted);
    if (!inserted.created()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    ctx.status(inserted.created() ? 201 : 200).json(answer);
  }

  /**
   * Starts a stored task's workflow (a replayed one is already running: starting it again is a
   * no-op) and answers with the task, its workflow and whether it was created. When Temporal does
   * not answer, the task stays stored and the reconciler starts it later.
   */
  Map<String, Object> startAndDescribe(Context ctx, InsertedTask inserted) {
    TaskRow task = inserted.task();
    Map<String, Object> workflow = new LinkedHashMap<>();
    workflow.put("id", task.workflowId());
    try {
      starter.start(task);
      workflow.put("started", true);
    } catch (RuntimeException e) {
      log.warn("task {} stored but its workflow did not start yet: {}", task.id(), e.toString());
      workflow.put("started", false);
      workflow.put("error", "Temporal unreachable; the workflow will be started automatically");
    }
    Map<String, Object> answer = new LinkedHashMap<>(TaskViews.summary(task));
    answer.put("workflow", workflow);
    answer.put("created", inserted.created());
    ctx.header("Location", "/api/v1/tasks/" + task.id());
    if (inserted.created()) {
      ctx.attribute(ApiMetrics.TASK_SUBMITTED, true);
    }
    return answer;
  }

  private InsertedTask insert(TaskSubmission s, String key) {
    RepositoryLocation location = RepositoryLocation.parse(s.repository());
    String baseBranch = resolveBranch(location, s.baseBranch());
    return tasks.insert(
        new NewTask(
            s.title(),
            s.description(),
            s.requirements(),
            s.acceptanceCriteria(),
            s.priority(),
            s.estimatedComplexity(),
            location.canonical(),
            baseBranch,
            s.promptStyle(),
            key,
            null,
            s.controls()));
  }

  void get(Context ctx) {
    detail(ctx, ctx.pathParam("id"));
  }

  /** {@code GET /api/v1/codegen/status/{task_id}}: the same view as {@code GET /tasks/{id}}. */
  void status(Context ctx) {
    detail(ctx, ctx.pathParam("task_id"));
  }

  private void detail(Context ctx, String rawId) {
    long id = parseId(rawId);
    // One pooled connection for all the reads (the stores' nested withHandle calls reuse it). The
    // workflow of a running task is asked meanwhile, and waited for once the connection is back.
    AtomicReference<CompletableFuture<TaskProgress>> asked = new AtomicReference<>();
    TaskReads reads =
        deps.database()
            .jdbi()
            .withHandle(
                handle -> {
                  TaskRow task =
                      tasks
                          .find(id)
                          .orElseThrow(() -> ApiException.notFound("no task with id " + id));
                  if (!TaskStatus.isTerminal(task.status())) {
                    asked.set(askProgress(task.workflowId()));
                  }
                  ValidationReportRow report = deps.validations().latestForTask(id).orElse(null);
                  return new TaskReads(
                      task,
                      deps.agentRuns().forTask(id),
                      deps.pullRequests().forTask(id),
                      report,
                      report == null ? null : deps.validations().details(report.id()).orElse(null));
                });
    TaskProgress progress =
        asked.get() == null ? null : awaitProgress(reads.task().workflowId(), asked.get());
    ctx.json(
        TaskViews.detail(
            reads.task(),
            progress,
            reads.runs(),
            reads.pullRequests(),
            reads.report(),
            reads.details()));
  }

  void list(Context ctx) {
    String status = ctx.queryParam("status");
    if (status != null && !TaskStatus.ALL.contains(status)) {
      throw ApiException.badRequest(
          "invalid status filter",
          List.of(
              new FieldProblem(
                  "status",
                  "must be one of: "
                      + String.join(", ", TaskStatus.ALL.stream().sorted().toList()))));
    }
    int limit = intParam(ctx, "limit", 20, 1, 100);
    Long after =
        ctx.queryParam("after") == null
            ? null
            : (long) intParam(ctx, "after", 0, 1, Integer.MAX_VALUE);
    List<TaskSummaryRow> page = tasks.listSummaries(status, after, limit + 1);
    boolean more = page.size() > limit;
    List<TaskSummaryRow> items = more ? page.subList(0, limit) : page;
    List<Map<String, Object>> views = new ArrayList<>(items.size());
    for (TaskSummaryRow item : items) {
      views.add(TaskViews.summary(item));
    }
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("items", views);
    answer.put("next_after", more ? items.get(items.size() - 1).id() : null);
    ctx.json(answer);
  }

  /** Starts the {@code status} query of a running task's workflow on {@link #QUERIES}. */
  private CompletableFuture<TaskProgress> askProgress(String workflowId) {
    WorkflowClient client = deps.workflowClient();
    return CompletableFuture.supplyAsync(
        () -> client.newWorkflowStub(TaskToPrWorkflow.class, workflowId).status(), QUERIES);
  }

  /** The workflow's answer within 3 s, or null: the view then shows the database's step. */
  private static TaskProgress awaitProgress(
      String workflowId, CompletableFuture<TaskProgress> asked) {
    try {
      return asked.get(3, TimeUnit.SECONDS);
    } catch (Exception unavailable) {
      log.debug("status query of {} failed: {}", workflowId, unavailable.toString());
      return null;
    }
  }

  String resolveBranch(RepositoryLocation location, String requested) {
    if (location.isGitHub()) {
      return resolveGitHubBranch(GitHubRepository.parse(location.canonical()), requested);
    }
    LocalRefs.Refs git = RepositoryLocator.localRefs(location, deps.repositoryRoots(), localRefs);
    String branch = requested;
    if (branch == null) {
      branch =
          git.defaultBranch()
              .orElseThrow(
                  () ->
                      ApiException.badRequest(
                          "repository has no default branch",
                          List.of(
                              new FieldProblem(
                                  "base_branch",
                                  "is required: the repository's HEAD names no branch"))));
    }
    if (!git.branchExists(branch)) {
      throw ApiException.notFound(
          "unknown base branch",
          List.of(
              new FieldProblem(
                  "base_branch", "branch " + branch + " does not exist in the repository")));
    }
    return branch;
  }

  /**
   * Asks GitHub for the default branch, or whether the requested one exists. Without a GitHub
   * client (no {@code GITHUB_TOKEN}) the base branch defaults to {@code main}, and the agent and
   * the host report a missing one when the workflow runs.
   */
  String resolveGitHubBranch(GitHubRepository repo, String requested) {
    GitHubClient github = deps.github();
    if (github == null) {
      return requested == null ? "main" : requested;
    }
    try {
      if (requested == null) {
        return github.defaultBranch(repo.owner(), repo.name());
      }
      if (!github.branchExists(repo.owner(), repo.name(), requested)) {
        throw ApiException.notFound(
            "unknown base branch",
            List.of(
                new FieldProblem(
                    "base_branch",
                    "branch " + requested + " does not exist in " + repo.fullName())));
      }
      return requested;
    } catch (GitHubException e) {
      if (e.status() == 404) {
        throw ApiException.badRequest(
            "unknown repository",
            List.of(
                new FieldProblem(
                    "repository",
                    "GitHub has no repository "
                        + repo.fullName()
                        + ", or GITHUB_TOKEN cannot see it")));
      }
      log.warn("GitHub lookup of {} failed: {}", repo.fullName(), e.getMessage());
      throw GitHubErrors.answer(repo.fullName(), e);
    }
  }

  static long parseId(String raw) {
    try {
      long id = Long.parseLong(raw);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException notANumber) {
      // fall through
    }
    throw ApiException.notFound("no task with id " + raw);
  }

  private static int intParam(Context ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException notANumber) {
      // fall through
    }
    throw ApiException.badRequest(
        "invalid query parameter " + name,
        List.of(new FieldProblem(name, "must be an integer from " + min + " to " + max)));
  }
}
