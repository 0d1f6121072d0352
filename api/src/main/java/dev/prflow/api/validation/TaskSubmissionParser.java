package dev.prflow.api.validation;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.prflow.activities.time.Durations;
import dev.prflow.workflows.model.TaskControls;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'$");
  private static final int MAX_DETAIL_LENGTH = 200;

  private final ObjectReader reader;
  private final Set<RepositoryLocator.Kind> repositoryKinds;

  /**
   * Creates a parser reading with {@code mapper}, with duplicate keys and trailing data rejected.
   */
  public TaskSubmissionParser(ObjectMapper mapper) {
    this(mapper, SUPPORTED_REPOSITORY_KINDS);
  }

  TaskSubmissionParser(ObjectMapper mapper, Set<RepositoryLocator.Kind> repositoryKinds) {
    this.reader =
        Objects.requireNonNull(mapper, "mapper")
            .reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    this.repositoryKinds = Set.copyOf(repositoryKinds);
  }

  /**
   * Parses and validates raw request bytes.
   *
   * @throws ApiException with status 400 listing every field problem found
   */
  public TaskSubmission parse(byte[] body) {
    ObjectNode root = readObject(body);
    List<FieldProblem> problems = new ArrayList<>();

    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!KNOWN_FIELDS.contains(name)) {
                problems.add(new FieldProblem(name, "unknown field"));
              }
            });

    String title = requiredString(root, "title", problems);
    if (title != null) {
      title = title.strip();
      String problem = title.isEmpty() ? "must not be blank" : textProblem(title, MAX_TITLE_LENGTH);
      report(problems, "title", problem);
    }

    String description = optionalString(root, "description", problems);
    if (description == null) {
      description = "";
    } else {
      report(problems, "description", textProblem(description, MAX_DESCRIPTION_LENGTH));
    }

    List<String> requirements = stringList(root, "requirements", problems);
    List<String> acceptanceCriteria = stringList(root, "acceptance_criteria", problems);
    String priority = oneOf(root, "priority", PRIORITIES, "medium", problems);
    String complexity = oneOf(root, "estimated_complexity", COMPLEXITIES, "medium", problems);

    String repository = requiredString(root, "repository", problems);
    if (repository != null) {
      String problem = textProblem(repository, Integer.MAX_VALUE);
      if (problem == null) {
        problem = RepositoryLocator.problem(repository, repositoryKinds);
      }
      report(problems, "repository", problem);
    }

    String baseBranch = optionalString(root, "base_branch", problems);
    if (baseBranch != null) {
      String problem = textProblem(baseBranch, Integer.MAX_VALUE);
      report(
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
    int maxAttempts = TaskControls.DEFAULT_MAX_ATTEMPTS;
    JsonNode attempts = root.get("max_attempts");
    if (attempts != null && !attempts.isNull()) {
      if (!attempts.isIntegralNumber()
          || attempts.asLong() < 1
          || attempts.asLong() > TaskControls.MAX_ATTEMPTS_LIMIT) {
        problems.add(
            new FieldProblem(
                "max_attempts", "must be an integer from 1 to " + TaskControls.MAX_ATTEMPTS_LIMIT));
      } else {
        maxAttempts = attempts.asInt();
      }
    }
    boolean requireApproval = flag(root, "require_approval", problems);
    boolean autoMerge = flag(root, "auto_merge", problems);
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

  private static boolean flag(ObjectNode root, String field, List<FieldProblem> problems) {
    JsonNode v = root.get(field);
    if (v == null || v.isNull()) {
      return false;
    }
    if (!v.isBoolean()) {
      problems.add(new FieldProblem(field, "must be true or false"));
      return false;
    }
    return v.asBoolean();
  }

  private ObjectNode readObject(byte[] body) {
    if (body == null || body.length == 0) {
      throw bodyProblem("request body is empty", "must not be empty");
    }
    JsonNode node;
    try {
      node = reader.readTree(body);
    } catch (StreamReadException e) {
      Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (duplicate.matches()) {
        String field = duplicateField(e.getProcessor(), duplicate.group(1));
        throw ApiException.badRequest(
            "request body has duplicate field \"" + field + "\"",
            List.of(new FieldProblem(field, "duplicate field")));
      }
      throw malformed(e.getOriginalMessage(), e.getLocation());
    } catch (JsonProcessingException e) {
      throw malformed(e.getOriginalMessage(), e.getLocation());
    } catch (IOException | RuntimeException e) {
      // CharConversionException and friends; RuntimeException as a last line of defence.
      throw malformed(e.getMessage(), null);
    }
    if (node == null || node.isMissingNode()) {
      throw bodyProblem("request body is empty", "must not be empty");
    }
    if (!node.isObject()) {
      throw bodyProblem(
          "request body must be a JSON object, not " + describe(node), "must be a JSON object");
    }
    return (ObjectNode) node;
  }

  private static ApiException bodyProblem(String message, String problem) {
    return ApiException.badRequest(message, List.of(new FieldProblem("body", problem)));
  }

  private static ApiException malformed(String detail, JsonLocation location) {
    String message = "request body is not valid JSON";
    if (detail != null && !detail.isBlank()) {
      String oneLine = detail.strip().replaceAll("\\s+", " ");
      if (oneLine.length() > MAX_DETAIL_LENGTH) {
        oneLine = oneLine.substring(0, MAX_DETAIL_LENGTH) + "…";
      }
      message += ": " + oneLine;
    }
    String problem = "must be valid JSON";
    if (location != null && location.getLineNr() > 0) {
      problem +=
          " (error at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
    return bodyProblem(message, problem);
  }

  /** The path of a duplicate key, e.g. {@code title} or {@code requirements[0].x}. */
  private static String duplicateField(Object processor, String name) {
    if (!(processor instanceof JsonParser parser)) {
      return name;
    }
    Deque<String> parts = new ArrayDeque<>();
    JsonStreamContext context = parser.getParsingContext();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inObject()) {
        parts.push("." + (c == context ? name : c.getCurrentName()));
      } else if (c.inArray()) {
        parts.push("[" + c.getCurrentIndex() + "]");
      }
    }
    String path = String.join("", parts);
    if (path.startsWith(".")) {
      path = path.substring(1);
    }
    return path.isEmpty() ? name : path;
  }

  private static String describe(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static void report(List<FieldProblem> problems, String field, String problem) {
    if (problem != null) {
      problems.add(new FieldProblem(field, problem));
    }
  }

  /** The string value, or null (with a problem recorded) when absent or not a string. */
  private static String requiredString(ObjectNode root, String name, List<FieldProblem> problems) {
    JsonNode node = root.get(name);
    if (node == null) {
      problems.add(new FieldProblem(name, "is required"));
      return null;
    }
    if (!node.isTextual()) {
      problems.add(new FieldProblem(name, "must be a string"));
      return null;
    }
    return node.textValue();
  }

  /**
   * The string value, or null when absent, JSON null, or (with a problem recorded) not a string.
   */
  private static String optionalString(ObjectNode root, String name, List<FieldProblem> problems) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      problems.add(new FieldProblem(name, "must be a string"));
      return null;
    }
    return node.textValue();
  }

  private static String oneOf(
      ObjectNode root,
      String name,
      List<String> allowed,
      String defaultValue,
      List<FieldProblem> problems) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return defaultValue;
    }
    if (!node.isTextual()) {
      problems.add(new FieldProblem(name, "must be a string"));
      return defaultValue;
    }
    String value = node.textValue();
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
      report(problems, field, problem);
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
