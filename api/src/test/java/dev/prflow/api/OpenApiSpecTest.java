package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TestPostgres;
import io.javalin.Javalin;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document describes exactly the routes the API has. */
class OpenApiSpecTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> METHODS =
      Set.of("get", "post", "put", "patch", "delete", "head", "options");

  private static TestWorkflowEnvironment temporal;
  private static Database db;
  private static Javalin app;

  @BeforeAll
  static void start() {
    temporal = TestWorkflowEnvironment.newInstance();
    db = TestPostgres.freshDatabase();
    app =
        ApiServer.create(
                new ApiDependencies(db, temporal.getWorkflowClient(), "openapi", null, null))
            .start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
    temporal.close();
    db.close();
  }

  @Test
  void theDocumentIsServedAndListsEveryRouteAndNoOther() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + app.port() + "/openapi.yaml"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> t.contains("yaml"));
    JsonNode spec = YAML.readTree(r.body());
    assertThat(spec.path("openapi").asText()).startsWith("3.");

    Set<String> documented = new TreeSet<>();
    for (Iterator<String> paths = spec.path("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      spec.path("paths")
          .path(path)
          .fieldNames()
          .forEachRemaining(
              method -> {
                if (METHODS.contains(method)) {
                  documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
              });
    }
    Set<String> served =
        app.unsafe.internalRouter.allHttpHandlers().stream()
            .filter(e -> e.endpoint.method.isHttpMethod()) // not the before/after filters
            .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
            .filter(route -> !route.startsWith("HEAD ") && !route.startsWith("OPTIONS "))
            .collect(Collectors.toCollection(TreeSet::new));

    assertThat(documented).contains("POST /api/v1/tasks", "GET /api/v1/tasks/{id}");
    assertThat(documented).isEqualTo(served);
  }
}
