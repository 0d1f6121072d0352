package dev.prflow.api.validation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An error answer to an API request (4xx; 502 or 503 when a service the request needs refuses or
 * does not answer): HTTP status, machine-readable code, human-readable message and the problems
 * found with individual fields.
 */
public class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final List<FieldProblem> fields;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status, 400–499 or 503
   * @param code machine-readable error code, e.g. {@code invalid_request}
   * @param message human-readable message
   * @param fields problems with individual fields; may be null or empty
   */
  public ApiException(int status, String code, String message, List<FieldProblem> fields) {
    super(Objects.requireNonNull(message, "message"));
    if ((status < 400 || status > 499) && status != 502 && status != 503) {
      throw new IllegalArgumentException("status must be 4xx, 502 or 503, got " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.fields = fields == null ? List.of() : List.copyOf(fields);
  }

  /** A 400 with code {@code invalid_request}. */
  public static ApiException badRequest(String message, List<FieldProblem> fields) {
    return new ApiException(400, "invalid_request", message, fields);
  }

  /** A 404 with code {@code not_found}. */
  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message, List.of());
  }

  /**
   * A 404 with code {@code not_found} naming the field whose value names something that does not
   * exist (a branch): the request is well formed, what it refers to is missing.
   */
  public static ApiException notFound(String message, List<FieldProblem> fields) {
    return new ApiException(404, "not_found", message, fields);
  }

  /** A 409 with code {@code conflict}. */
  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message, List.of());
  }

  /** A 413 with code {@code payload_too_large}. */
  public static ApiException tooLarge(String message) {
    return new ApiException(413, "payload_too_large", message, List.of());
  }

  /** A 503 with code {@code unavailable}: a service the request needs did not answer; retry. */
  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message, List.of());
  }

  /**
   * A 502 with code {@code upstream_refused}: a service the request needs refused this server (a
   * bad or underprivileged token); retrying will not help until it is fixed.
   */
  public static ApiException upstreamRefused(String message) {
    return new ApiException(502, "upstream_refused", message, List.of());
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The machine-readable error code. */
  public String code() {
    return code;
  }

  /** The problems with individual fields; empty when none apply. Immutable. */
  public List<FieldProblem> fields() {
    return fields;
  }

  /**
   * The JSON body to answer with: {@code
   * {"error":{"code":…,"message":…,"fields":[{"field":…,"problem":…}]}}}. {@code fields} is always
   * present, empty when there are none. The returned map is unmodifiable.
   */
  public Map<String, Object> body() {
    List<Map<String, Object>> fieldList = new ArrayList<>(fields.size());
    for (FieldProblem p : fields) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("field", p.field());
      f.put("problem", p.problem());
      fieldList.add(Collections.unmodifiableMap(f));
    }
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", getMessage());
    error.put("fields", Collections.unmodifiableList(fieldList));
    return Map.of("error", Collections.unmodifiableMap(error));
  }
}
