package dev.prflow.api.validation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  private final JsonBodies body;

  public CreatePrParser(ObjectMapper mapper) {
    this.body = new JsonBodies(mapper);
  }

  public CreatePrRequest parse(byte[] bytes) {
    ObjectNode root = body.read(bytes);
    List<FieldProblem> problems = new ArrayList<>();
    JsonBodies.unknownFields(root, KNOWN_FIELDS, problems);
    String prompt = JsonBodies.requiredString(root, "prompt", problems);
    if (prompt != null) {
      JsonBodies.report(
          problems,
          "prompt",
          prompt.isBlank()
              ? "must not be blank"
              : TaskSubmissionParser.textProblem(prompt, MAX_PROMPT_LENGTH));
    }
    String title = JsonBodies.requiredString(root, "pr_title", problems);
    if (title != null) {
      title = title.strip();
      JsonBodies.report(
          problems,
          "pr_title",
          title.isEmpty()
              ? "must not be blank"
              : TaskSubmissionParser.textProblem(title, TaskSubmissionParser.MAX_TITLE_LENGTH));
    }
    String repository = JsonBodies.requiredString(root, "repository", problems);
    if (repository != null) {
      String problem = TaskSubmissionParser.textProblem(repository, Integer.MAX_VALUE);
      JsonBodies.report(
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
    int maxAttempts = JsonBodies.maxAttempts(root, problems);
    boolean requireApproval = JsonBodies.flag(root, "require_approval", problems);
    boolean autoMerge = JsonBodies.flag(root, "auto_merge", problems);
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

  private static String branch(ObjectNode root, String field, List<FieldProblem> problems) {
    String name = JsonBodies.optionalString(root, field, problems);
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
}
