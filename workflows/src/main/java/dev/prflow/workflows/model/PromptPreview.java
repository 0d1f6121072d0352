package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The prompt prflow would send for a task and what of the codebase it used.
 *
 * @param baseBranch the branch the codebase was read from (the repository's default when the task
 *     named none)
 * @param contextFiles the repository files the prompt quotes
 * @param manifests the build manifests whose dependencies it lists
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PromptPreview(
    String style,
    String text,
    String baseBranch,
    List<String> contextFiles,
    List<String> manifests) {

  public PromptPreview {
    contextFiles = contextFiles == null ? List.of() : List.copyOf(contextFiles);
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
  }
}
