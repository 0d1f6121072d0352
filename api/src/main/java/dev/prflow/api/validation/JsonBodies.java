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
import dev.prflow.workflows.model.TaskControls;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How every request body parser reads JSON: one strict reader (duplicate keys and trailing data
 * rejected, malformed JSON named by line and column) and the field readers that record a {@link
 * FieldProblem} instead of throwing, so a 400 lists every problem at once.
 */
final class JsonBodies {

  private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'$");
  private static final int MAX_DETAIL_LENGTH = 200;

  private final ObjectReader reader;

  JsonBodies(ObjectMapper mapper) {
    this.reader =
        mapper
            .reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  /** The body as a JSON object, or a 400 naming what is wrong with it. */
  ObjectNode read(byte[] body) {
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

  /** Records every field of {@code root} not in {@code known} as an unknown field. */
  static void unknownFields(ObjectNode root, Set<String> known, List<FieldProblem> problems) {
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                problems.add(new FieldProblem(name, "unknown field"));
              }
            });
  }

  /** {@code max_attempts}: 1 to {@link TaskControls#MAX_ATTEMPTS_LIMIT}, default when absent. */
  static int maxAttempts(ObjectNode root, List<FieldProblem> problems) {
    JsonNode attempts = root.get("max_attempts");
    if (attempts == null || attempts.isNull()) {
      return TaskControls.DEFAULT_MAX_ATTEMPTS;
    }
    if (!attempts.isIntegralNumber()
        || attempts.asLong() < 1
        || attempts.asLong() > TaskControls.MAX_ATTEMPTS_LIMIT) {
      problems.add(
          new FieldProblem(
              "max_attempts", "must be an integer from 1 to " + TaskControls.MAX_ATTEMPTS_LIMIT));
      return TaskControls.DEFAULT_MAX_ATTEMPTS;
    }
    return attempts.asInt();
  }

  static boolean flag(ObjectNode root, String field, List<FieldProblem> problems) {
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

  static void report(List<FieldProblem> problems, String field, String problem) {
    if (problem != null) {
      problems.add(new FieldProblem(field, problem));
    }
  }

  /** The string value, or null (with a problem recorded) when absent or not a string. */
  static String requiredString(ObjectNode root, String name, List<FieldProblem> problems) {
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
  static String optionalString(ObjectNode root, String name, List<FieldProblem> problems) {
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
}
