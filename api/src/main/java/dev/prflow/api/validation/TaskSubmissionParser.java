package dev.prflow.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.time.Durations;
import dev.prflow.workflows.model.TaskControls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Parses and strictly validates the JSON body of {@code POST /api/v1/tasks}.
 *
 * <p>Either returns a valid {@link TaskSubmission} or throws an {@link ApiException} with status
 * 400 listing every problem found, ordered by field name. No other exception escapes for any input.
 * Lengths are counted in Unicode code points. Explicit {@code null} for an optional field means the
 * same as leaving it out; for a required field it is a type error.
 */
public final class TaskSubmissionParser {

  static final int MAX_TITLE_LENGTH = 200;
  static final int MAX_DESCRIPTION_LENGTH = 20_000;
  static final int MAX_ITEMS = 50;
  static final int MAX_ITEM_LENGTH = 2_000;

  static final List<String> PRIORITIES = List.of("low", "medium", "high", "critical");
  static final List<String> COMPLEXITIES = List.of("low", "medium", "high");
  static final List<String> PROMPT_STYLES = List.of("comprehensive", "concise", "step_by_step");

  /** Repository kinds accepted today; add {@code GITHUB} here to enable GitHub repositories. */
  static final Set<RepositoryLocator.Kind> SUPPORTED_REPOSITORY_KINDS =
      EnumSet.of(RepositoryLocator.Kind.LOCAL, RepositoryLocator.Kind.GITHUB);

  private static final Set<String> KNOWN_FIELDS =
      Set.of(
          "title",
          "description",
          "requirements",
          "acceptance_criteria",
          "priority",
          "estimated_complexity",
          "repository",
          "base_branch",
          "prompt_style",
          "max_attempts",
          "require_approval",
          "approval_timeout",
          "auto_merge");

  private final JsonBodies body;
  private final Set<RepositoryLocator.Kind> repositoryKinds;

  /**
   * Creates a parser reading with {@code mapper}, with duplicate keys and trailing data rejected.
   */
  public TaskSubmissionParser(ObjectMapper mapper) {
    this(mapper, SUPPORTED_REPOSITORY_KINDS);
  }

  TaskSubmissionParser(ObjectMapper mapper, Set<RepositoryLocator.Kind> repositoryKinds) {
    this.body = new JsonBodies(Objects.requireNonNull(mapper, "mapper"));
    this.repositoryKinds = Set.copyOf(repositoryKinds);
  }

  /**
   * Parses and validates raw request bytes.
   *
   * @throws ApiException with status 400 listing every field problem found
   */
  public TaskSubmission parse(byte[] bytes) {
    ObjectNode root = body.read(bytes);
    List<FieldProblem> problems = new ArrayList<>();
    JsonBodies.unknownFields(root, KNOWN_FIELDS, problems);

    String title = JsonBodies.requiredString(root, "title", problems);
    if (title != null) {
      title = title.strip();
      String problem = title.isEmpty() ? "must not be blank" : textProblem(title, MAX_TITLE_LENGTH);
      JsonBodies.report(problems, "title", problem);
    }

    String description = JsonBodies.optionalString(root, "description", problems);
    if (description == null) {
      description = "";
    } else {
      JsonBodies.report(problems, "description", textProblem(description, MAX_DESCRIPTION_LENGTH));
    }

    List<String> requirements = stringList(root, "requirements", problems);
    List<String> acceptanceCriteria = stringList(root, "acceptance_criteria", problems);
    String priority = oneOf(root, "priority", PRIORITIES, "medium", problems);
    String complexity = oneOf(root, "estimated_complexity", COMPLEXITIES, "medium", problems);

    String repository = JsonBodies.requiredString(root, "repository", problems);
    if (repository != null) {
      String problem = textProblem(repository, Integer.MAX_VALUE);
      if (problem == null) {
        problem = RepositoryLocator.problem(repository, repositoryKinds);
      }
      JsonBodies.report(problems, "repository", problem);
    }

    String baseBranch = JsonBodies.optionalString(root, "base_branch", problems);
    if (baseBranch != null) {
      String problem = textProblem(baseBranch, Integer.MAX_VALUE);
      JsonBodies.report(
          problems, "base_branch", problem != null ? problem : GitBranchNames.problem(baseBranch));
    }

    String promptStyle = oneOf(root, "prompt_style", PROMPT_STYLES, null, problems);
    TaskControls controls = controls(root, problems);

    if (!problems.isEmpty()) {
      problems.sort(FieldOrder.BY_FIELD);
      throw ApiException.badRequest("invalid task submission", problems);
    }
    return new TaskSubmission(
        title,
        description,
        requirements,
        acceptanceCriteria,
        priority,
        complexity,
        repository,
        baseBranch,
        promptStyle,
        controls);
  }

  private static final Duration MAX_APPROVAL_TIMEOUT = Duration.ofDays(30);

  /**
   * {@code max_attempts} 1–10, {@code require_approval}, {@code approval_timeout}, {@code
   * auto_merge}.
   */
  private static TaskControls controls(ObjectNode root, List<FieldProblem> problems) {
    int maxAttempts = JsonBodies.maxAttempts(root, problems);
    boolean requireApproval = JsonBodies.flag(root, "require_approval", problems);
    boolean autoMerge = JsonBodies.flag(root, "auto_merge", problems);
    long timeout = TaskControls.DEFAULT_APPROVAL_TIMEOUT_SECONDS;
    JsonNode t = root.get("approval_timeout");
    if (t != null && !t.isNull()) {
      String problem = null;
      if (!t.isTextual() && !t.isIntegralNumber()) {
        problem = "must be a duration string such as \"72h\", or a whole number of seconds";
      } else {
        try {
          Duration d = Durations.parse(t.asText());
          if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_APPROVAL_TIMEOUT) > 0) {
            problem = "must be from 1s to 30d, not " + t.asText();
          } else if (d.toMillisPart() != 0) {
            problem = "must be whole seconds, not " + t.asText();
          } else {
            timeout = d.toSeconds();
          }
        } catch (IllegalArgumentException bad) {
          problem = bad.getMessage();
        }
      }
      if (problem != null) {
        problems.add(new FieldProblem("approval_timeout", problem));
      }
    }
    return new TaskControls(maxAttempts, requireApproval, timeout, autoMerge);
  }

  private static String oneOf(
      ObjectNode root,
      String name,
      List<String> allowed,
      String defaultValue,
      List<FieldProblem> problems) {
    String value = JsonBodies.optionalString(root, name, problems);
    if (value == null) {
      return defaultValue;
    }
    if (!allowed.contains(value)) {
      problems.add(new FieldProblem(name, "must be one of: " + String.join(", ", allowed)));
      return defaultValue;
    }
    return value;
  }

  private static List<String> stringList(
      ObjectNode root, String name, List<FieldProblem> problems) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      problems.add(new FieldProblem(name, "must be an array of strings"));
      return List.of();
    }
    if (node.size() > MAX_ITEMS) {
      // Element problems are not listed: they could be arbitrarily many.
      problems.add(new FieldProblem(name, "must have at most " + MAX_ITEMS + " items"));
      return List.of();
    }
    List<String> values = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      String field = name + "[" + i + "]";
      JsonNode element = node.get(i);
      if (!element.isTextual()) {
        problems.add(new FieldProblem(field, "must be a string"));
        continue;
      }
      String value = element.textValue().strip();
      String problem = value.isEmpty() ? "must not be blank" : textProblem(value, MAX_ITEM_LENGTH);
      JsonBodies.report(problems, field, problem);
      values.add(value);
    }
    return values;
  }

  /**
   * Why {@code value} is not acceptable text: NUL characters and unpaired surrogates cannot be
   * stored or passed on safely (PostgreSQL rejects NUL; UTF-8 cannot encode lone surrogates).
   */
  static String textProblem(String value, int maxLength) {
    if (value.indexOf('\0') >= 0) {
      return "must not contain NUL characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return "must not contain unpaired surrogate characters";
      }
    }
    if (maxLength != Integer.MAX_VALUE && value.codePointCount(0, value.length()) > maxLength) {
      return "must be at most " + maxLength + " characters";
    }
    return null;
  }
}
