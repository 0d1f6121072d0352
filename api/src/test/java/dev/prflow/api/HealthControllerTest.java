package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TestPostgres;
import io.javalin.Javalin;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code GET /health} names what does not answer. */
class HealthControllerTest {

  @Test
  void aDatabaseThatIsGoneMakesHealth503AndSaysSo() throws Exception {
    try (TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance()) {
      Database db = TestPostgres.freshDatabase();
      Javalin app =
          ApiServer.create(new ApiDependencies(db, temporal.getWorkflowClient(), "h", null, null))
              .start("127.0.0.1", 0);
      try {
        db.close();

        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.path("status").asText()).isEqualTo("degraded");
        assertThat(body.path("checks").path("database").asText()).isEqualTo("unreachable");
      } finally {
        app.stop();
      }
    }
  }

  @Test
  void warningsOfTheProcessAreListed() throws Exception {
    try (TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance()) {
      Database db = TestPostgres.freshDatabase();
      Javalin app =
          ApiServer.create(
                  new ApiDependencies(
                      db,
                      temporal.getWorkflowClient(),
                      "h",
                      null,
                      null,
                      dev.prflow.activities.localgit.RepositoryRoots.none(),
                      java.util.List.of("PRFLOW_SANDBOX=off: unsandboxed"),
                      null))
              .start("127.0.0.1", 0);
      try {
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());

        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.path("warnings").size()).isEqualTo(1);
        assertThat(body.path("warnings").get(0).asText()).startsWith("PRFLOW_SANDBOX=off");
        assertThat(body.path("checks").path("database").asText()).isEqualTo("ok");
      } finally {
        app.stop();
        db.close();
      }
    }
  }
}
