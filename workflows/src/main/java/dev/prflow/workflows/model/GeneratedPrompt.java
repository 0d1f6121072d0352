package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** A prompt for a coding agent and the repository files it quotes. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GeneratedPrompt(String style, String text, List<String> contextFiles) {

  public GeneratedPrompt {
    contextFiles = contextFiles == null ? List.of() : List.copyOf(contextFiles);
  }
}
