package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/** The shape of a pull request's change. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PrAnalysis(
    int filesChanged,
    int additions,
    int deletions,
    List<String> files,
    Map<String, Integer> languages) {

  public PrAnalysis {
    files = files == null ? List.of() : List.copyOf(files);
    languages = languages == null ? Map.of() : Map.copyOf(languages);
  }
}
