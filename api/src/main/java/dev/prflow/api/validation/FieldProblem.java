package dev.prflow.api.validation;

import java.util.Objects;

/**
 * One problem with one field of a request.
 *
 * @param field the JSON field, snake_case, with an index for array elements (e.g. {@code
 *     requirements[2]}); {@code body} for problems with the request body as a whole
 * @param problem a human-readable description of what is wrong
 */
public record FieldProblem(String field, String problem) {

  /** Checks that both parts are present. */
  public FieldProblem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(problem, "problem");
  }
}
