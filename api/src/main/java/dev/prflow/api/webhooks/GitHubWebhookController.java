package dev.prflow.api.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.store.DatabaseOutage;
import dev.prflow.activities.store.InsertedTask;
import dev.prflow.activities.store.NewTask;
import dev.prflow.activities.store.TaskRow;
import dev.prflow.api.metrics.ApiMetrics;
import dev.prflow.api.validation.ApiException;
import dev.prflow.api.validation.RequestBodies;
import dev.prflow.workflows.model.PullRequestRef;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /webhooks/github}: turns GitHub deliveries into prflow work. A delivery counts only
 * when its {@code X-Hub-Signature-256} matches the shared secret, and is acted on at most once per
 * {@code X-GitHub-Delivery}. Pull requests get validated per head commit, under the same workflow
 * id the GitHub code host uses ({@link GitHubRepository#key()}), so no entry point validates a
 * commit twice; issues labelled {@code prflow} (or a {@code /prflow} comment) by a collaborator
 * become tasks; finished checks are passed on. The handler writes every answer itself, so it
 * behaves the same whichever app mounts it.
 */
public final class GitHubWebhookController {

  /** Largest body accepted; GitHub's own cap is larger, but no event prflow uses comes close. */
  public static final int MAX_BODY_BYTES = 5 * 1024 * 1024;

  /** The label that turns an issue into a task. */
  public static final String TRIGGER_LABEL = "prflow";

  /** The comment command that turns an issue into a task. */
  public static final String COMMAND = "/prflow";

  /** Head branches of pull requests prflow opened itself (see {@code AgentRunRequest#branch}). */
  static final String TASK_BRANCH_PREFIX = "prflow/task-";

  static final int MAX_TITLE_LENGTH = 200;
  static final int MAX_DESCRIPTION_LENGTH = 20_000;

  private static final Logger log = LoggerFactory.getLogger(GitHubWebhookController.class);

  private static final Set<String> TRUSTED_ASSOCIATIONS = Set.of("OWNER", "MEMBER", "COLLABORATOR");
  private static final Set<String> VALIDATED_PR_ACTIONS =
      Set.of("opened", "synchronize", "reopened");
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final int MAX_HEADER_LENGTH = 200;

  private final WebhookDependencies deps;
  private final ObjectReader reader =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build().reader();

  public GitHubWebhookController(WebhookDependencies deps) {
    this.deps = deps;
  }

  /** The route handler. */
  public void handle(Context ctx) {
    try {
      if (!deps.hasSecret()) {
        log.warn("refused a GitHub delivery: GITHUB_WEBHOOK_SECRET is not set");
        ctx.attribute(ApiMetrics.WEBHOOK_OUTCOME, "not_configured");
        RequestBodies.discardRest(ctx.req());
        ctx.status(503)
            .json(
                error(
                    "not_configured",
                    "GITHUB_WEBHOOK_SECRET is not set; this server accepts no unsigned deliveries"));
        return;
      }
      byte[] body = readBody(ctx);
      authenticate(body, ctx.header(WebhookSignature.HEADER));
      String event = requiredHeader(ctx, "X-GitHub-Event");
      String deliveryId = requiredHeader(ctx, "X-GitHub-Delivery");
      JsonNode payload = parse(ctx, body);
      String action = text(payload.get("action"));
      handleDelivery(ctx, event, deliveryId, action, payload);
    } catch (ApiException e) {
      ctx.status(e.status()).json(e.body());
    }
  }

  private void handleDelivery(
      Context ctx, String event, String deliveryId, String action, JsonNode payload) {
    if ("ping".equals(event)) {
      // A ping changes nothing, so a repeated one is answered the same way.
      if (deps.deliveries().claim(deliveryId, event, action)) {
        deps.deliveries().complete(deliveryId, "pong");
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("ok", true);
      answer.put("zen", text(payload.get("zen")));
      if (payload.path("hook_id").canConvertToLong()) {
        answer.put("hook_id", payload.path("hook_id").asLong());
      }
      ctx.status(200).json(answer);
      return;
    }
    if (!deps.deliveries().claim(deliveryId, event, action)) {
      log.info("GitHub delivery {} ({}) seen before; ignored", deliveryId, event);
      ctx.attribute(ApiMetrics.WEBHOOK_OUTCOME, "duplicate");
      ctx.status(200).json(ordered("duplicate", true, "delivery_id", deliveryId));
      return;
    }
    Outcome outcome;
    try {
      outcome = dispatch(event, action, payload);
    } catch (ApiException e) {
      deps.deliveries().release(deliveryId);
      throw e;
    } catch (RuntimeException e) {
      // Unclaim it: the work was not done, and GitHub's redelivery should get a second chance.
      deps.deliveries().release(deliveryId);
      if (DatabaseOutage.isOutage(e)) {
        throw e; // 503 with Retry-After (ApiServer): infrastructure, GitHub redelivers
      }
      log.error("GitHub delivery {} ({} {}) failed", deliveryId, event, action, e);
      ctx.status(500)
          .json(
              error(
                  "internal_error",
                  "could not handle the delivery; it may be redelivered. See the server log."));
      return;
    }
    deps.deliveries().complete(deliveryId, outcome.note());
    ctx.attribute(
        ApiMetrics.WEBHOOK_OUTCOME, outcome.note().startsWith("ignored") ? "ignored" : "handled");
    if (outcome.status() == 201) {
      ctx.attribute(ApiMetrics.TASK_SUBMITTED, true); // an issue became a new task
    }
    log.info("GitHub delivery {} ({} {}): {}", deliveryId, event, action, outcome.note());
    if (outcome.location() != null) {
      ctx.header("Location", outcome.location());
    }
    ctx.status(outcome.status()).json(outcome.body());
  }

  private Outcome dispatch(String event, String action, JsonNode payload) {
    return switch (event) {
      case "pull_request" -> pullRequest(action, payload);
      case "issues" -> issues(action, payload);
      case "issue_comment" -> issueComment(action, payload);
      case "check_suite", "check_run" -> checks(event, action, payload);
      default -> ignored("event " + event);
    };
  }

  private Outcome pullRequest(String action, JsonNode payload) {
    if (!VALIDATED_PR_ACTIONS.contains(action)) {
      return ignored("pull_request action " + action);
    }
    GitHubRepository repo = repository(payload);
    JsonNode pr = payload.path("pull_request");
    int number = positiveInt(pr.get("number"), "pull_request.number");
    if (isTaskBranch(repo, pr.path("head"))) {
      return ignored("pull request belongs to a prflow task, whose workflow validates it");
    }
    String headSha = sha(pr.path("head").get("sha"), "pull_request.head.sha");
    PullRequestRef ref =
        new PullRequestRef(
            "github",
            repo.canonical(),
            repo.key(),
            number,
            text(pr.get("html_url")),
            required(pr.path("base").get("ref"), "pull_request.base.ref"),
            required(pr.path("head").get("ref"), "pull_request.head.ref"),
            text(pr.path("base").get("sha")),
            headSha);
    boolean started = deps.validationStarter().start(ref);
    String workflowId = ref.validationWorkflowId();
    Map<String, Object> body =
        ordered(
            "started", started,
            "workflow_id", workflowId,
            "pull_request", number,
            "head_sha", headSha);
    return started
        ? new Outcome(202, body, "validation started: " + workflowId, null)
        : new Outcome(200, body, "validation already started: " + workflowId, null);
  }

  private Outcome issues(String action, JsonNode payload) {
    JsonNode issue = payload.path("issue");
    boolean asked =
        switch (action == null ? "" : action) {
          case "labeled" -> isTrigger(payload.path("label").get("name"));
          case "opened" -> hasTriggerLabel(issue);
          default -> false;
        };
    if (!asked) {
      return ignored("issues action " + action + " does not ask for prflow");
    }
    if (!trusted(issue.get("author_association"))) {
      return ignored("author is not a collaborator");
    }
    return createTask(payload, issue, payload.path("sender").get("login"));
  }

  private Outcome issueComment(String action, JsonNode payload) {
    if (!"created".equals(action)) {
      return ignored("issue_comment action " + action);
    }
    JsonNode comment = payload.path("comment");
    if (!isCommand(text(comment.get("body")))) {
      return ignored("comment is not a " + COMMAND + " command");
    }
    JsonNode issue = payload.path("issue");
    if (issue.hasNonNull("pull_request")) {
      return ignored("comment is on a pull request, not an issue");
    }
    if (!trusted(comment.get("author_association"))) {
      return ignored("author is not a collaborator");
    }
    return createTask(payload, issue, comment.path("user").get("login"));
  }

  private Outcome createTask(JsonNode payload, JsonNode issue, JsonNode requester) {
    GitHubRepository repo = repository(payload);
    long repoId = positiveLong(payload.path("repository").get("id"), "repository.id");
    int number = positiveInt(issue.get("number"), "issue.number");
    String title = required(issue.get("title"), "issue.title").strip();
    String body = text(issue.get("body"));
    String defaultBranch =
        required(payload.path("repository").get("default_branch"), "repository.default_branch");
    String login = text(requester);
    InsertedTask inserted =
        deps.tasks()
            .insert(
                new NewTask(
                    Text.truncate(title, MAX_TITLE_LENGTH),
                    body == null ? "" : Text.truncate(body, MAX_DESCRIPTION_LENGTH),
                    IssueMarkdown.bullets(body),
                    IssueMarkdown.checklist(body),
                    "medium",
                    "medium",
                    repo.canonical(),
                    defaultBranch,
                    null,
                    "github-issue-" + repoId + "-" + number,
                    login == null ? null : "github:" + login,
                    null));
    TaskRow task = inserted.task();
    Map<String, Object> answer =
        ordered(
            "created", inserted.created(),
            "task_id", task.id(),
            "status", task.status(),
            "workflow_id", task.workflowId());
    String location = "/api/v1/tasks/" + task.id();
    if (!inserted.created()) {
      // The issue already has its task: labelled twice, opened with the label, or asked again.
      return new Outcome(200, answer, "task " + task.id() + " already exists", location);
    }
    boolean started = startTask(task);
    answer.put("workflow_started", started);
    answer.put("commented", comment(repo, number, task, started));
    return new Outcome(201, answer, "task " + task.id() + " created", location);
  }

  private boolean startTask(TaskRow task) {
    try {
      deps.taskStarter().start(task);
      return true;
    } catch (RuntimeException e) {
      // The task is stored and pending; the reconciler starts it once Temporal answers again.
      log.warn("task {} stored but its workflow did not start yet: {}", task.id(), e.toString());
      return false;
    }
  }

  private boolean comment(GitHubRepository repo, int issueNumber, TaskRow task, boolean started) {
    StringBuilder text =
        new StringBuilder()
            .append("prflow task ")
            .append(task.id())
            .append(" created (")
            .append(task.status())
            .append("): ")
            .append(task.title())
            .append("\n\nWorkflow `")
            .append(task.workflowId())
            .append("`, base branch `")
            .append(task.baseBranch())
            .append("`, ")
            .append(task.acceptanceCriteria().size())
            .append(" acceptance criteria from the issue's checklist.");
    if (!started) {
      text.append(" The workflow starts as soon as the workflow service is reachable.");
    }
    try {
      deps.issueCommenter().comment(repo.owner(), repo.name(), issueNumber, text.toString());
      return true;
    } catch (RuntimeException e) {
      // The task exists either way; a failed courtesy comment must not fail the delivery.
      log.warn(
          "task {} created but commenting on {}#{} failed: {}",
          task.id(),
          repo.fullName(),
          issueNumber,
          e.toString());
      return false;
    }
  }

  private Outcome checks(String event, String action, JsonNode payload) {
    if (!"completed".equals(action)) {
      return ignored(event + " action " + action);
    }
    GitHubRepository repo = repository(payload);
    String headSha = sha(payload.path(event).get("head_sha"), event + ".head_sha");
    List<Integer> numbers = new ArrayList<>();
    for (JsonNode pr : payload.path(event).path("pull_requests")) {
      if (pr.path("number").canConvertToInt()) {
        numbers.add(pr.path("number").asInt());
      }
    }
    deps.checksSignaller().checksCompleted(repo.owner(), repo.name(), headSha, numbers);
    return new Outcome(
        202,
        ordered("signalled", true, "repository", repo.fullName(), "head_sha", headSha),
        "checks completed on " + headSha,
        null);
  }

  private static Outcome ignored(String why) {
    return new Outcome(202, ordered("ignored", why), "ignored: " + why, null);
  }

  // --- request reading ---

  private static byte[] readBody(Context ctx) {
    if (ctx.req().getContentLengthLong() > MAX_BODY_BYTES) {
      RequestBodies.discardRest(ctx.req());
      throw tooLarge();
    }
    try {
      // Read the stream directly: the app's maxRequestSize is sized for the JSON API, not GitHub.
      InputStream in = ctx.req().getInputStream();
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        RequestBodies.discardRest(ctx.req());
        throw tooLarge();
      }
      return body;
    } catch (IOException e) {
      throw ApiException.badRequest("could not read the request body", List.of());
    }
  }

  private void authenticate(byte[] body, String signature) {
    WebhookSignature.Verdict verdict = WebhookSignature.verify(deps.secret(), body, signature);
    String problem =
        switch (verdict) {
          case VALID -> null;
          case MISSING -> "missing " + WebhookSignature.HEADER + " header";
          case MALFORMED ->
              WebhookSignature.HEADER + " must be sha256= followed by 64 hexadecimal digits";
          case MISMATCH -> WebhookSignature.HEADER + " does not match the request body";
        };
    if (problem != null) {
      log.warn("refused a GitHub delivery: {}", problem);
      throw new ApiException(401, "unauthorized", problem, List.of());
    }
  }

  private static String requiredHeader(Context ctx, String name) {
    String value = ctx.header(name);
    if (value == null || value.isBlank() || value.length() > MAX_HEADER_LENGTH) {
      throw ApiException.badRequest(
          "missing or invalid " + name + " header (1–" + MAX_HEADER_LENGTH + " characters)",
          List.of());
    }
    return value.strip();
  }

  private JsonNode parse(Context ctx, byte[] body) {
    JsonNode node;
    try {
      node = reader.readTree(jsonOf(ctx, body));
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("request body must be valid JSON", List.of());
    } catch (IOException e) {
      throw ApiException.badRequest("could not read the request body", List.of());
    }
    if (node == null || !node.isObject()) {
      throw ApiException.badRequest("request body must be a JSON object", List.of());
    }
    return node;
  }

  /**
   * The JSON document: the body itself, or its {@code payload} field in form-encoded deliveries.
   */
  private static byte[] jsonOf(Context ctx, byte[] body) {
    String type = ctx.header("Content-Type");
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return body;
    }
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      if (pair.startsWith("payload=")) {
        return URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8)
            .getBytes(StandardCharsets.UTF_8);
      }
    }
    throw ApiException.badRequest("form-encoded delivery has no payload field", List.of());
  }

  // --- payload reading ---

  private static GitHubRepository repository(JsonNode payload) {
    JsonNode r = payload.path("repository");
    String owner = text(r.path("owner").get("login"));
    String name = text(r.get("name"));
    String fullName = text(r.get("full_name"));
    if ((owner == null || name == null) && fullName != null && fullName.indexOf('/') > 0) {
      owner = fullName.substring(0, fullName.indexOf('/'));
      name = fullName.substring(fullName.indexOf('/') + 1);
    }
    try {
      return new GitHubRepository(owner, name);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "payload lacks a valid repository.owner.login and repository.name", List.of());
    }
  }

  /**
   * A branch prflow pushed for a task ({@code prflow/task-<id>-<attempt>} in the repository
   * itself). Its {@code TaskToPr} workflow starts the validation as a child under the same id, and
   * must not find it already taken.
   */
  private static boolean isTaskBranch(GitHubRepository repo, JsonNode head) {
    String ref = text(head.get("ref"));
    String headRepo = text(head.path("repo").get("full_name"));
    return ref != null
        && ref.startsWith(TASK_BRANCH_PREFIX)
        && repo.fullName().equalsIgnoreCase(headRepo);
  }

  private static boolean isTrigger(JsonNode labelName) {
    String name = text(labelName);
    return name != null && name.strip().equalsIgnoreCase(TRIGGER_LABEL);
  }

  private static boolean hasTriggerLabel(JsonNode issue) {
    for (JsonNode label : issue.path("labels")) {
      if (isTrigger(label.get("name"))) {
        return true;
      }
    }
    return false;
  }

  static boolean isCommand(String body) {
    if (body == null) {
      return false;
    }
    String s = body.stripLeading();
    return s.regionMatches(true, 0, COMMAND, 0, COMMAND.length())
        && (s.length() == COMMAND.length() || Character.isWhitespace(s.charAt(COMMAND.length())));
  }

  private static boolean trusted(JsonNode association) {
    String a = text(association);
    return a != null && TRUSTED_ASSOCIATIONS.contains(a.toUpperCase(Locale.ROOT));
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.asText() : null;
  }

  private static String required(JsonNode node, String field) {
    String s = text(node);
    if (s == null || s.isBlank()) {
      throw ApiException.badRequest("payload lacks " + field, List.of());
    }
    return s;
  }

  private static String sha(JsonNode node, String field) {
    String s = required(node, field).toLowerCase(Locale.ROOT);
    if (!SHA.matcher(s).matches()) {
      throw ApiException.badRequest("payload has an invalid " + field, List.of());
    }
    return s;
  }

  private static int positiveInt(JsonNode node, String field) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1) {
      throw ApiException.badRequest("payload lacks a positive " + field, List.of());
    }
    return node.asInt();
  }

  private static long positiveLong(JsonNode node, String field) {
    if (node == null || !node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 1) {
      throw ApiException.badRequest("payload lacks a positive " + field, List.of());
    }
    return node.asLong();
  }

  // --- answers ---

  private static ApiException tooLarge() {
    return ApiException.tooLarge("request body is larger than " + MAX_BODY_BYTES + " bytes");
  }

  private static Map<String, Object> error(String code, String message) {
    return Map.of("error", ordered("code", code, "message", message, "fields", List.of()));
  }

  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  /** What handling a delivery did: the answer, and a note for the deliveries table. */
  private record Outcome(int status, Map<String, Object> body, String note, String location) {}
}
