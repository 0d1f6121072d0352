package dev.prflow.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiExceptionTest {

  @Test
  void bodyHasErrorCodeMessageAndFields() {
    ApiException e =
        ApiException.badRequest(
            "invalid task submission",
            List.of(
                new FieldProblem("repository", "is required"),
                new FieldProblem("title", "must be a string")));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.code()).isEqualTo("invalid_request");
    assertThat(e.getMessage()).isEqualTo("invalid task submission");
    assertThat(e.body())
        .isEqualTo(
            Map.of(
                "error",
                Map.of(
                    "code", "invalid_request",
                    "message", "invalid task submission",
                    "fields",
                        List.of(
                            Map.of("field", "repository", "problem", "is required"),
                            Map.of("field", "title", "problem", "must be a string")))));
  }

  @Test
  void bodySerialisesToDocumentedJson() throws Exception {
    ApiException e =
        ApiException.badRequest("bad", List.of(new FieldProblem("title", "is required")));

    String json = new ObjectMapper().writeValueAsString(e.body());

    assertThat(json)
        .isEqualTo(
            "{\"error\":{\"code\":\"invalid_request\",\"message\":\"bad\","
                + "\"fields\":[{\"field\":\"title\",\"problem\":\"is required\"}]}}");
  }

  @Test
  void factoriesUseDocumentedStatusesAndCodesWithEmptyFields() {
    assertThat(
            List.of(
                ApiException.notFound("no such task"),
                ApiException.conflict("already cancelled"),
                ApiException.tooLarge("body over 1 MiB")))
        .extracting(ApiException::status, ApiException::code, ApiException::getMessage)
        .containsExactly(
            tuple(404, "not_found", "no such task"),
            tuple(409, "conflict", "already cancelled"),
            tuple(413, "payload_too_large", "body over 1 MiB"));

    ApiException notFound = ApiException.notFound("no such task");
    assertThat(notFound.fields()).isEmpty();
    assertThat(notFound.body())
        .isEqualTo(
            Map.of(
                "error",
                Map.of("code", "not_found", "message", "no such task", "fields", List.of())));
  }

  @Test
  void nullFieldsMeanNone() {
    ApiException e = new ApiException(422, "unprocessable", "nope", null);

    assertThat(e.fields()).isEmpty();
    assertThat(e.status()).isEqualTo(422);
  }

  @Test
  void unavailableIsA503ThatSaysSo() {
    ApiException e = ApiException.unavailable("GitHub did not answer");
    assertThat(e.status()).isEqualTo(503);
    assertThat(e.code()).isEqualTo("unavailable");
    assertThat(e.fields()).isEmpty();
  }

  @Test
  void rejectsNon4xxStatus() {
    assertThatThrownBy(() -> new ApiException(500, "boom", "boom", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ApiException(302, "moved", "moved", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fieldsAreACopy() {
    List<FieldProblem> fields = new ArrayList<>();
    fields.add(new FieldProblem("title", "is required"));
    ApiException e = ApiException.badRequest("bad", fields);

    fields.clear();

    assertThat(e.fields()).containsExactly(new FieldProblem("title", "is required"));
  }
}
