package dev.prflow.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.store.InsertedTask;
import dev.prflow.activities.store.NewTask;
import dev.prflow.api.auth.Caller;
import dev.prflow.api.validation.ApiException;
import dev.prflow.api.validation.CreatePrParser;
import dev.prflow.api.validation.CreatePrRequest;
import dev.prflow.api.validation.FieldProblem;
import dev.prflow.api.validation.TaskSubmission;
import dev.prflow.api.validation.TaskSubmissionParser;
import dev.prflow.workflows.PromptPreviewActivities;
import dev.prflow.workflows.PromptPreviewWorkflow;
import dev.prflow.workflows.model.PromptPreview;
import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.Strategy;
import dev.prflow.workflows.model.TaskSpec;
import io.javalin.http.Context;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/codegen}: the prompt a task would get (generated on a worker, stored nowhere), and
 * a task that brings its own prompt. The API runs no git command for either: the preview's
 * repository is read by a worker's {@code previewPrompt} activity in a short {@code PromptPreview}
 * workflow the API waits for under a deadline.
 */
final class CodegenController {

  /** How long {@code generate-prompt} waits for a worker before answering 503. */
  static final Duration PREVIEW_DEADLINE = Duration.ofSeconds(20);

  private static final Logger log = LoggerFactory.getLogger(CodegenController.class);

  private final ApiDependencies deps;
  private final TaskSubmissionParser taskParser;
  private final CreatePrParser createPrParser;
  private final TaskController tasks;
  private final Duration previewDeadline;

  CodegenController(
      ApiDependencies deps, ObjectMapper mapper, TaskController tasks, Duration previewDeadline) {
    this.deps = deps;
    this.taskParser = new TaskSubmissionParser(mapper);
    this.createPrParser = new CreatePrParser(mapper);
    this.tasks = tasks;
    this.previewDeadline = previewDeadline;
  }

  /** {@code POST /api/v1/codegen/generate-prompt}: the task fields → the prompt; nothing stored. */
  void generatePrompt(Context ctx) {
    TaskSubmission s = taskParser.parse(body(ctx));
    RepositoryLocation location = RepositoryLocation.parse(s.repository());
    String baseBranch = s.baseBranch();
    if (location.isGitHub()) {
      baseBranch =
          tasks.resolveGitHubBranch(GitHubRepository.parse(location.canonical()), baseBranch);
    } else {
      // The roots are judged by path alone; the worker runs git on it.
      deps.repositoryRoots()
          .problem(location.path())
          .ifPresent(
              problem -> {
                throw ApiException.badRequest(
                    "repository not allowed", List.of(new FieldProblem("repository", problem)));
              });
    }
    TaskSpec task =
        new TaskSpec(
            0,
            s.title(),
            s.description(),
            s.requirements(),
            s.acceptanceCriteria(),
            s.priority(),
            s.estimatedComplexity(),
            location.canonical(),
            baseBranch,
            s.promptStyle(),
            s.controls());
    String style = s.promptStyle() == null ? "comprehensive" : s.promptStyle();
    PromptPreview preview = preview(new PromptRequest(task, style, 1, Strategy.INITIAL, null));
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("style", preview.style());
    answer.put("prompt", preview.text());
    answer.put("repository", location.canonical());
    answer.put("base_branch", preview.baseBranch());
    answer.put(
        "context", Map.of("files", preview.contextFiles(), "manifests", preview.manifests()));
    answer.put("stored", false);
    ctx.json(answer);
  }

  private PromptPreview preview(PromptRequest request) {
    WorkflowClient client = deps.workflowClient();
    PromptPreviewWorkflow workflow =
        client.newWorkflowStub(
            PromptPreviewWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("prompt-preview-" + UUID.randomUUID())
                .setTaskQueue(deps.taskQueue())
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                // Nobody waits longer than the deadline: the run ends by itself soon after.
                .setWorkflowExecutionTimeout(previewDeadline.plusSeconds(10))
                .setStaticSummary("prompt preview for " + request.task().repository())
                .build());
    WorkflowStub stub = WorkflowStub.fromTyped(workflow);
    try {
      stub.start(request);
    } catch (RuntimeException unreachable) {
      log.warn("prompt preview not started: {}", unreachable.toString());
      throw ApiException.unavailable("Temporal is unavailable; try again shortly");
    }
    try {
      return stub.getResult(previewDeadline.toMillis(), TimeUnit.MILLISECONDS, PromptPreview.class);
    } catch (TimeoutException noWorker) {
      terminateQuietly(stub);
      throw ApiException.unavailable(
          "no worker generated the prompt within "
              + previewDeadline.toSeconds()
              + " s; is a prflow worker polling task queue "
              + deps.taskQueue()
              + "?");
    } catch (WorkflowFailedException failed) {
      throw refusal(failed);
    } catch (RuntimeException other) {
      log.warn("prompt preview failed: {}", other.toString());
      throw ApiException.unavailable("the prompt could not be generated now; try again shortly");
    }
  }

  /** The activity's failure as the field at fault: repository 400, base branch 404. */
  private static ApiException refusal(WorkflowFailedException failed) {
    ApplicationFailure cause = null;
    for (Throwable t = failed; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure a) {
        cause = a;
      }
    }
    if (cause == null) {
      log.warn("prompt preview failed: {}", failed.toString());
      return ApiException.unavailable("the prompt could not be generated now; try again shortly");
    }
    String message = cause.getOriginalMessage();
    return switch (cause.getType()) {
      case PromptPreviewActivities.UNKNOWN_BRANCH ->
          ApiException.notFound(
              "unknown base branch", List.of(new FieldProblem("base_branch", message)));
      case PromptPreviewActivities.UNKNOWN_REPOSITORY, "RepositoryUnavailable" ->
          ApiException.badRequest(
              "unknown repository", List.of(new FieldProblem("repository", message)));
      case "InvalidTask" ->
          ApiException.badRequest("invalid task", List.of(new FieldProblem("body", message)));
      default -> {
        log.warn("prompt preview failed: {} {}", cause.getType(), message);
        yield ApiException.unavailable("the prompt could not be generated: " + message);
      }
    };
  }

  private static void terminateQuietly(WorkflowStub stub) {
    try {
      stub.terminate("no worker answered within the API's deadline");
    } catch (RuntimeException e) {
      log.debug("prompt preview not terminated: {}", e.toString());
    }
  }

  /**
   * {@code POST /api/v1/codegen/create-pr}: a task whose run hands the agent this prompt instead of
   * generating one; 201 with the task as {@code POST /api/v1/tasks} answers.
   */
  void createPr(Context ctx) {
    CreatePrRequest r = createPrParser.parse(body(ctx));
    RepositoryLocation location = RepositoryLocation.parse(r.repository());
    String baseBranch = tasks.resolveBranch(location, r.baseBranch());
    if (r.branchName() != null && r.branchName().equals(baseBranch)) {
      throw ApiException.badRequest(
          "invalid create-pr request",
          List.of(
              new FieldProblem("branch_name", "must differ from the base branch " + baseBranch)));
    }
    Caller caller = Caller.of(ctx);
    InsertedTask inserted =
        deps.tasks()
            .insert(
                new NewTask(
                    r.prTitle(),
                    "",
                    List.of(),
                    List.of(),
                    "medium",
                    "medium",
                    location.canonical(),
                    baseBranch,
                    null,
                    null,
                    caller == null ? null : caller.keyName(),
                    r.controls(),
                    r.prompt(),
                    r.branchName()));
    Map<String, Object> answer = tasks.startAndDescribe(ctx, inserted);
    answer.put("prompt_generation", "skipped");
    ctx.status(201).json(answer);
  }

  private static byte[] body(Context ctx) {
    byte[] body = ctx.bodyAsBytes();
    if (body.length > TaskController.MAX_BODY_BYTES) {
      throw ApiException.tooLarge(
          "request body is larger than " + TaskController.MAX_BODY_BYTES + " bytes");
    }
    return body;
  }
}
