package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A prompt for a coding agent, the repository files it quotes and the build manifests whose
 * dependencies it lists.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GeneratedPrompt(
    String style, String text, List<String> contextFiles, List<String> manifests) {

  public GeneratedPrompt {
    contextFiles = contextFiles == null ? List.of() : List.copyOf(contextFiles);
    manifests = manifests == null ? List.of() : List.copyOf(manifests);
  }

  /** A prompt that lists no manifests. */
  public GeneratedPrompt(String style, String text, List<String> contextFiles) {
    this(style, text, contextFiles, List.of());
  }
}
