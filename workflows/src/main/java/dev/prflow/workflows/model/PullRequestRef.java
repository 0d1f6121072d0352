package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A pull request on a code host. {@code repoKey} is a short, id-safe name of the repository used in
 * workflow ids.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PullRequestRef(
    String host,
    String repository,
    String repoKey,
    int number,
    String url,
    String baseBranch,
    String headBranch,
    String baseSha,
    String headSha) {

  /** The id of the {@code PrValidation} run for this pull request's head commit. */
  public String validationWorkflowId() {
    String sha7 = headSha == null ? "unknown" : headSha.substring(0, Math.min(7, headSha.length()));
    return "validate-" + host + "-" + repoKey + "-" + number + "-" + sha7;
  }

  /**
   * The id of a task's own {@code PrValidation} child for this head commit: apart from {@link
   * #validationWorkflowId()}, which a webhook or {@code POST /api/v1/validations} may take first
   * for the same pull request, so the two never collide.
   */
  public String taskValidationWorkflowId(long taskId, int attempt) {
    return validationWorkflowId() + "-task-" + taskId + "-" + attempt;
  }
}
