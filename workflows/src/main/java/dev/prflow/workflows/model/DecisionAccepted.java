package dev.prflow.workflows.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The answer to an {@code approve} or {@code reject} update: the decision taken ({@code approved}
 * or {@code rejected}) and the attempt whose pull request it judged.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DecisionAccepted(String decision, int attempt) {

  public static final String APPROVED = "approved";
  public static final String REJECTED = "rejected";
}
