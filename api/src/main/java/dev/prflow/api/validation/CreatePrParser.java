package dev.prflow.api.validation;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.prflow.workflows.model.TaskControls;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses and strictly validates {@code POST /api/v1/codegen/create-pr}: every problem found is
 * listed in one 400, ordered by field; an optional field sent as null means absent.
 */
public final class CreatePrParser {

  /** The longest prompt accepted, in code points (the body itself is capped at 1 MB). */
  public static final int MAX_PROMPT_LENGTH = 100_000;

  private static final Set<String> KNOWN_FIELDS =
      Set.of(
          "prompt",
          "repository",
          "base_branch",
          "branch_name",
          "pr_title",
          "auto_merge",
          "require_approval",
          "max_attempts");

  private final ObjectReader reader;

  public CreatePrParser(ObjectMapper mapper) {
    this.reader =
        mapper
            .reader()
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  }

  public CreatePrRequest parse(byte[] body) {
    JsonNode root;
    try {
      root = body == null || body.length == 0 ? null : reader.readTree(body);
    } catch (Exception e) {
      throw ApiException.badRequest(
          "request body is not valid JSON",
          List.of(new FieldProblem("body", "must be valid JSON")));
    }
    if (root == null || !root.isObject()) {
      throw ApiException.badRequest(
          "request body must be a JSON object",
          List.of(new FieldProblem("body", "must be a JSON object")));
    }
    List<FieldProblem> problems = new ArrayList<>();
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!KNOWN_FIELDS.contains(name)) {
                problems.add(new FieldProblem(name, "unknown field"));
              }
            });
    String prompt = text(root, "prompt", true, problems);
    if (prompt != null) {
      report(
          problems,
          "prompt",
          prompt.isBlank()
              ? "must not be blank"
              : TaskSubmissionParser.textProblem(prompt, MAX_PROMPT_LENGTH));
    }
    String title = text(root, "pr_title", true, problems);
    if (title != null) {
      title = title.strip();
      report(
          problems,
          "pr_title",
          title.isEmpty()
              ? "must not be blank"
              : TaskSubmissionParser.textProblem(title, TaskSubmissionParser.MAX_TITLE_LENGTH));
    }
    String repository = text(root, "repository", true, problems);
    if (repository != null) {
      String problem = TaskSubmissionParser.textProblem(repository, Integer.MAX_VALUE);
      report(
          problems,
          "repository",
          problem != null
              ? problem
              : RepositoryLocator.problem(
                  repository, TaskSubmissionParser.SUPPORTED_REPOSITORY_KINDS));
    }
    String baseBranch = branch(root, "base_branch", problems);
    String branchName = branch(root, "branch_name", problems);
    if (branchName != null && branchName.equals(baseBranch)) {
      problems.add(new FieldProblem("branch_name", "must differ from base_branch"));
    }
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
    if (!problems.isEmpty()) {
      problems.sort(FieldOrder.BY_FIELD);
      throw ApiException.badRequest("invalid create-pr request", problems);
    }
    return new CreatePrRequest(
        prompt,
        repository,
        baseBranch,
        branchName,
        title,
        new TaskControls(
            maxAttempts,
            requireApproval,
            TaskControls.DEFAULT_APPROVAL_TIMEOUT_SECONDS,
            autoMerge));
  }

  private static String branch(JsonNode root, String field, List<FieldProblem> problems) {
    String name = text(root, field, false, problems);
    if (name != null) {
      String problem = TaskSubmissionParser.textProblem(name, Integer.MAX_VALUE);
      if (problem == null) {
        problem = GitBranchNames.problem(name);
      }
      if (problem != null) {
        problems.add(new FieldProblem(field, problem));
        return null;
      }
    }
    return name;
  }

  private static String text(
      JsonNode root, String field, boolean required, List<FieldProblem> problems) {
    JsonNode v = root.get(field);
    if (v == null || (v.isNull() && !required)) {
      if (required) {
        problems.add(new FieldProblem(field, "is required"));
      }
      return null;
    }
    if (!v.isTextual()) {
      problems.add(new FieldProblem(field, "must be a string"));
      return null;
    }
    return v.textValue();
  }

  private static boolean flag(JsonNode root, String field, List<FieldProblem> problems) {
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

  private static void report(List<FieldProblem> problems, String field, String problem) {
    if (problem != null) {
      problems.add(new FieldProblem(field, problem));
    }
  }
}
