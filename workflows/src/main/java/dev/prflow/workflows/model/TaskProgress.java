package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer to the {@code status} query of a {@code TaskToPr} run. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TaskProgress(
    String step,
    int attempt,
    String strategy,
    PullRequestRef pr,
    @JsonProperty("last_verdict") String lastVerdict,
    List<TimelineEntry> timeline) {

  public TaskProgress {
    timeline = timeline == null ? List.of() : List.copyOf(timeline);
  }
}
