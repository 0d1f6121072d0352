package dev.prflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.github.GitHubCodeHost;
import dev.prflow.activities.github.GitHubException;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.github.PullRequest;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.store.PullRequestRow;
import dev.prflow.activities.store.ReportDetails;
import dev.prflow.activities.store.ValidationReportRow;
import dev.prflow.api.validation.ApiException;
import dev.prflow.api.validation.FieldProblem;
import dev.prflow.api.validation.GitBranchNames;
import dev.prflow.api.validation.RepositoryLocator;
import dev.prflow.workflows.PrValidationWorkflow;
import dev.prflow.workflows.model.PrValidationInput;
import dev.prflow.workflows.model.PullRequestRef;
import io.javalin.http.Context;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1/validations}: standalone validation of any pull request (a human's included), and
 * the reports validations produce, as JSON and as markdown.
 */
final class ValidationController {

  private static final Logger log = LoggerFactory.getLogger(ValidationController.class);

  private final ApiDependencies deps;
  private final ObjectMapper mapper;

  ValidationController(ApiDependencies deps, ObjectMapper mapper) {
    this.deps = deps;
    this.mapper = mapper;
  }

  void create(Context ctx) {
    JsonNode body = parseObject(ctx.bodyAsBytes());
    List<FieldProblem> problems = new ArrayList<>();
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!List.of("repository", "pr_number", "head_branch", "base_branch").contains(name)) {
        problems.add(new FieldProblem(name, "unknown field"));
      }
    }
    String repository = text(body, "repository", true, problems);
    String headBranch = branch(body, "head_branch", problems);
    String baseBranch = branch(body, "base_branch", problems);
    Integer prNumber = null;
    JsonNode number = body.get("pr_number");
    if (number != null && !number.isNull()) {
      if (!number.canConvertToInt() || !number.isIntegralNumber() || number.asInt() < 1) {
        problems.add(new FieldProblem("pr_number", "must be a positive integer"));
      } else {
        prNumber = number.asInt();
      }
    }
    if (problems.isEmpty() && (prNumber == null) == (headBranch == null)) {
      problems.add(new FieldProblem("pr_number", "give exactly one of pr_number or head_branch"));
    }
    RepositoryLocation location = null;
    if (repository != null) {
      try {
        location = RepositoryLocation.parse(repository);
      } catch (IllegalArgumentException e) {
        problems.add(
            new FieldProblem(
                "repository", "must be local:<absolute path> or github:<owner>/<repo>"));
      }
    }
    if (!problems.isEmpty()) {
      throw ApiException.badRequest("invalid validation request", problems);
    }
    if (location.isGitHub()) {
      createForGitHub(
          ctx, GitHubRepository.parse(location.canonical()), prNumber, headBranch, baseBranch);
      return;
    }
    Git git = RepositoryLocator.localRepository(location, deps.repositoryRoots());

    PullRequestRow row;
    if (prNumber != null) {
      int n = prNumber;
      row =
          deps.pullRequests()
              .find(location.canonical(), n)
              .orElseThrow(
                  () -> ApiException.notFound("no pull request #" + n + " in " + repository));
      String head = requireBranch(git, row.headBranch(), "pr_number");
      if (!head.equals(row.headSha())) {
        row = reopen(location, row.baseBranch(), row.headBranch(), git, head);
      }
    } else {
      String base = baseBranch;
      if (base == null) {
        base =
            git.defaultBranch()
                .orElseThrow(
                    () ->
                        ApiException.badRequest(
                            "no default branch",
                            List.of(new FieldProblem("base_branch", "is required here"))));
      }
      requireBranch(git, base, "base_branch");
      String head = requireBranch(git, headBranch, "head_branch");
      row = reopen(location, base, headBranch, git, head);
    }

    PullRequestRef pr =
        new PullRequestRef(
            location.host(),
            location.canonical(),
            location.key(),
            row.number(),
            location.canonical() + "#" + row.number(),
            row.baseBranch(),
            row.headBranch(),
            git.resolve("refs/heads/" + row.baseBranch()).orElse(row.baseSha()),
            row.headSha());
    String workflowId = pr.validationWorkflowId();
    boolean started = start(pr, row.taskId(), workflowId);
    answer(ctx, workflowId, started, TaskViews.pullRequest(row));
  }

  private void answer(
      Context ctx, String workflowId, boolean started, Map<String, Object> pullRequest) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("workflow_id", workflowId);
    answer.put("created", started);
    answer.put("pull_request", pullRequest);
    answer.put("status", "running");
    deps.validations()
        .findByWorkflowId(workflowId)
        .ifPresent(
            report -> {
              answer.put("status", "completed");
              answer.put("report_id", report.id());
              answer.put("verdict", report.verdict());
            });
    ctx.header("Location", "/api/v1/validations/" + workflowId);
    ctx.status(started ? 202 : 200).json(answer);
  }

  /**
   * A GitHub pull request, a human's or an agent's, by number or by its head branch: read from
   * GitHub as it is now and validated at its head commit, like a {@code pull_request} webhook event
   * would have it.
   */
  private void createForGitHub(
      Context ctx, GitHubRepository repo, Integer number, String headBranch, String baseBranch) {
    GitHubClient github = deps.github();
    if (github == null) {
      throw ApiException.unavailable(
          "GITHUB_TOKEN is not set on this server: it cannot read " + repo.fullName());
    }
    PullRequest pr;
    try {
      if (number != null) {
        pr = github.getPullRequest(repo.owner(), repo.name(), number);
      } else {
        pr =
            github
                .findOpenPullRequests(repo.owner(), repo.name(), repo.owner(), headBranch)
                .stream()
                .findFirst()
                .orElseThrow(
                    () ->
                        ApiException.notFound(
                            "no open pull request from branch "
                                + headBranch
                                + " in "
                                + repo.fullName()));
      }
    } catch (GitHubException e) {
      if (e.status() == 404) {
        throw ApiException.notFound(
            (number != null ? "no pull request #" + number : "no repository")
                + " in "
                + repo.fullName()
                + ", or GITHUB_TOKEN cannot see it");
      }
      throw GitHubErrors.answer(repo.fullName() + (number != null ? "#" + number : ""), e);
    }
    if (baseBranch != null && !baseBranch.equals(pr.baseRef())) {
      throw ApiException.badRequest(
          "base branch does not match",
          List.of(
              new FieldProblem(
                  "base_branch",
                  "pull request #"
                      + pr.number()
                      + " merges into "
                      + pr.baseRef()
                      + ", not "
                      + baseBranch)));
    }
    PullRequestRef ref = GitHubCodeHost.toRef(repo, pr);
    String workflowId = ref.validationWorkflowId();
    boolean started = start(ref, null, workflowId);
    Map<String, Object> pull = new LinkedHashMap<>();
    pull.put("number", pr.number());
    pull.put("repository", repo.canonical());
    pull.put("url", pr.htmlUrl());
    pull.put("branch", pr.headRef());
    pull.put("base_branch", pr.baseRef());
    pull.put("head_sha", pr.headSha());
    pull.put("base_sha", pr.baseSha());
    pull.put("state", pr.merged() ? "merged" : pr.state());
    answer(ctx, workflowId, started, pull);
  }

  void get(Context ctx) {
    String id = ctx.pathParam("id");
    Optional<ValidationReportRow> report = find(id);
    if (report.isEmpty()) {
      if (id.startsWith("validate-") && workflowExists(id)) {
        ctx.json(Map.of("workflow_id", id, "status", "running"));
        return;
      }
      throw ApiException.notFound("no validation " + id);
    }
    ValidationReportRow r = report.get();
    ReportDetails d = deps.validations().details(r.id()).orElseThrow();
    Map<String, Object> m = new LinkedHashMap<>(TaskViews.validation(r));
    m.put("status", "completed");
    m.put("task_id", r.taskId());
    m.put("repository", r.repository());
    m.put("pr_number", r.prNumber());
    m.put("score", d.score());
    m.put("tests", TaskViews.tests(r, d));
    m.put("findings", d.findings());
    m.put("dependencies", d.dependencies());
    m.put("skipped", d.skipped());
    m.put("report_url", "/api/v1/validations/" + r.id() + "/report.md");
    ctx.json(m);
  }

  void markdown(Context ctx) {
    String id = ctx.pathParam("id");
    ValidationReportRow r =
        find(id).orElseThrow(() -> ApiException.notFound("no validation report " + id));
    String md = deps.validations().details(r.id()).map(ReportDetails::markdown).orElse(null);
    if (md == null) {
      throw ApiException.notFound("validation " + id + " has no markdown report");
    }
    ctx.contentType("text/markdown; charset=utf-8").result(md);
  }

  private Optional<ValidationReportRow> find(String id) {
    if (id.startsWith("validate-")) {
      return deps.validations().findByWorkflowId(id);
    }
    try {
      return deps.validations().find(Long.parseLong(id));
    } catch (NumberFormatException notANumber) {
      return Optional.empty();
    }
  }

  private PullRequestRow reopen(
      RepositoryLocation location, String base, String headBranch, Git git, String head) {
    return deps.pullRequests()
        .open(
            location.canonical(),
            null,
            null,
            "Validation of " + headBranch,
            "",
            base,
            headBranch,
            git.resolve("refs/heads/" + base).orElse(null),
            head);
  }

  private boolean start(PullRequestRef pr, Long taskId, String workflowId) {
    WorkflowClient client = deps.workflowClient();
    PrValidationWorkflow workflow =
        client.newWorkflowStub(
            PrValidationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(deps.taskQueue())
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setMemo(Map.of("repository", pr.repository(), "pr", pr.number()))
                .build());
    try {
      WorkflowClient.start(workflow::validate, new PrValidationInput(pr, taskId, null));
      return true;
    } catch (WorkflowExecutionAlreadyStarted already) {
      return false;
    } catch (RuntimeException unreachable) {
      log.warn("validation {} not started: {}", workflowId, unreachable.toString());
      throw ApiException.unavailable("Temporal did not answer; the validation was not started");
    }
  }

  private boolean workflowExists(String workflowId) {
    try {
      deps.workflowClient().newUntypedWorkflowStub(workflowId).describe();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String requireBranch(Git git, String branch, String field) {
    return git.resolve("refs/heads/" + branch)
        .orElseThrow(
            () ->
                ApiException.notFound(
                    "unknown branch",
                    List.of(
                        new FieldProblem(
                            field, "branch " + branch + " does not exist in the repository"))));
  }

  private JsonNode parseObject(byte[] body) {
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

  /** A branch name by git's rules (as the document's BranchName), or null when absent. */
  private static String branch(JsonNode body, String field, List<FieldProblem> problems) {
    String name = text(body, field, false, problems);
    if (name != null) {
      String problem = GitBranchNames.problem(name);
      if (problem != null) {
        problems.add(new FieldProblem(field, problem));
        return null;
      }
    }
    return name;
  }

  private static String text(
      JsonNode body, String field, boolean required, List<FieldProblem> problems) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        problems.add(new FieldProblem(field, "is required"));
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      problems.add(new FieldProblem(field, "must be a non-empty string"));
      return null;
    }
    return v.asText().strip();
  }
}
