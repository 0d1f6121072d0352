package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.store.ApiKeyStore;
import dev.prflow.activities.store.ApiScope;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TestApiKeys;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.api.auth.AddressLimiter;
import dev.prflow.api.auth.RateLimit;
import io.javalin.Javalin;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keys and scopes over real HTTP, real PostgreSQL and Temporal's in-memory server: every {@code
 * /api/v1} operation of the served document needs a live key, each route its scope, and a body must
 * be JSON.
 */
class AuthApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");

  @TempDir static Path tmp;

  private static TestWorkflowEnvironment temporal;
  private static Database db;
  private static Javalin app;
  private static String base;
  private static String admin;
  private static String repo;

  @BeforeAll
  static void start() {
    temporal = TestWorkflowEnvironment.newInstance();
    db = TestPostgres.freshDatabase();
    // The walk below fails authentication on purpose dozens of times from one address.
    app =
        ApiServer.create(
                new ApiDependencies(db, temporal.getWorkflowClient(), "auth-test", null, null),
                null,
                new AddressLimiter(new RateLimit(100_000, Duration.ofMinutes(1))))
            .start("127.0.0.1", 0);
    base = "http://127.0.0.1:" + app.port();
    admin = TestApiKeys.admin(db);
    repo = "local:" + DemoRepository.create(tmp.resolve("calc")).toAbsolutePath();
  }

  @AfterAll
  static void stop() {
    app.stop();
    temporal.close();
    db.close();
  }

  @Test
  void everyApiOperationOfTheDocumentNeedsALiveKey() throws Exception {
    String revoked = TestApiKeys.admin(db);
    String revokedName = new ApiKeyStore(db.jdbi()).list().get(0).name();
    assertThat(new ApiKeyStore(db.jdbi()).revoke(revokedName)).isTrue();

    JsonNode spec = YAML.readTree(ApiServer.openApiSpec());
    List<String> walked = new ArrayList<>();
    for (Iterator<String> paths = spec.path("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      if (!path.startsWith("/api/v1/")) {
        continue;
      }
      for (Iterator<String> ms = spec.path("paths").path(path).fieldNames(); ms.hasNext(); ) {
        String method = ms.next();
        if (!METHODS.contains(method)) {
          continue;
        }
        String concrete = path.replaceAll("\\{[^}]+}", "1");
        for (String key : new String[] {null, "prf_" + "x".repeat(43), "not-a-key", revoked}) {
          HttpResponse<String> r = send(method.toUpperCase(Locale.ROOT), concrete, "{}", key);
          String what = method + " " + path + " with key " + key;
          assertThat(r.statusCode()).as(what).isEqualTo(401);
          assertThat(r.headers().firstValue("WWW-Authenticate")).as(what).contains("Bearer");
          assertThat(JSON.readTree(r.body()).path("error").path("code").asText())
              .as(what)
              .isEqualTo("unauthenticated");
        }
        walked.add(method + " " + path);
      }
    }
    assertThat(walked)
        .contains(
            "post /api/v1/tasks", "get /api/v1/validations/{id}", "delete /api/v1/keys/{name}");
  }

  @Test
  void aReadOnlyKeyReadsButMayNotWriteOrDecide() throws Exception {
    String reader = TestApiKeys.mint(db, ApiScope.TASKS_READ);
    assertThat(send("GET", "/api/v1/tasks", null, reader).statusCode()).isEqualTo(200);

    HttpResponse<String> write =
        send("POST", "/api/v1/tasks", "{\"title\":\"x\",\"repository\":\"" + repo + "\"}", reader);
    assertThat(write.statusCode()).isEqualTo(403);
    JsonNode error = JSON.readTree(write.body()).path("error");
    assertThat(error.path("code").asText()).isEqualTo("forbidden");
    assertThat(error.path("message").asText()).contains("tasks:write");

    HttpResponse<String> approve = send("POST", "/api/v1/tasks/1/approve", "{}", reader);
    assertThat(approve.statusCode()).isEqualTo(403);
    assertThat(JSON.readTree(approve.body()).path("error").path("message").asText())
        .contains("tasks:control");

    assertThat(send("GET", "/api/v1/validations/1", null, reader).statusCode()).isEqualTo(403);
    assertThat(count("tasks")).isZero();
  }

  @Test
  void anAdminKeyMakesListsAndRevokesKeysAndOthersMayNot() throws Exception {
    HttpResponse<String> made =
        send(
            "POST",
            "/api/v1/keys",
            "{\"name\":\"ci-bot\",\"scopes\":[\"tasks:read\",\"tasks:write\"]}",
            admin);
    assertThat(made.statusCode()).isEqualTo(201);
    JsonNode body = JSON.readTree(made.body());
    String key = body.path("key").asText();
    assertThat(key).matches("prf_[A-Za-z0-9_-]{43}");
    assertThat(body.path("key_prefix").asText()).isEqualTo(key.substring(0, 8));
    assertThat(body.path("scopes").toString()).isEqualTo("[\"tasks:read\",\"tasks:write\"]");
    assertThat(body.path("created_at").asText()).isNotEmpty();

    assertThat(send("GET", "/api/v1/tasks", null, key).statusCode()).isEqualTo(200);
    HttpResponse<String> notAdmin = send("GET", "/api/v1/keys", null, key);
    assertThat(notAdmin.statusCode()).isEqualTo(403);
    assertThat(notAdmin.body()).contains("admin");
    assertThat(send("DELETE", "/api/v1/keys/ci-bot", null, key).statusCode()).isEqualTo(403);

    HttpResponse<String> list = send("GET", "/api/v1/keys", null, admin);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(list.body()).contains("\"name\":\"ci-bot\"").doesNotContain(key);
    assertThat(list.body()).doesNotContain(key.substring(8)).doesNotContain("hash");

    assertThat(
            send("POST", "/api/v1/keys", "{\"name\":\"ci-bot\",\"scopes\":[\"admin\"]}", admin)
                .statusCode())
        .isEqualTo(409);

    assertThat(send("DELETE", "/api/v1/keys/ci-bot", null, admin).statusCode()).isEqualTo(204);
    assertThat(send("GET", "/api/v1/tasks", null, key).statusCode()).isEqualTo(401);
    assertThat(send("DELETE", "/api/v1/keys/ci-bot", null, admin).statusCode()).isEqualTo(404);
  }

  @Test
  void aBadKeyRequestNamesTheField() throws Exception {
    HttpResponse<String> badName =
        send("POST", "/api/v1/keys", "{\"name\":\"has space\",\"scopes\":[\"admin\"]}", admin);
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(
            JSON.readTree(badName.body())
                .path("error")
                .path("fields")
                .get(0)
                .path("field")
                .asText())
        .isEqualTo("name");
    HttpResponse<String> badScope =
        send("POST", "/api/v1/keys", "{\"name\":\"ok\",\"scopes\":[\"root\"]}", admin);
    assertThat(badScope.statusCode()).isEqualTo(400);
    JsonNode field = JSON.readTree(badScope.body()).path("error").path("fields").get(0);
    assertThat(field.path("field").asText()).isEqualTo("scopes");
    assertThat(field.path("problem").asText()).contains("root");
  }

  @Test
  void theKeyIsNeverInTheDatabaseWhole() throws Exception {
    String key =
        JSON.readTree(
                send("POST", "/api/v1/keys", "{\"name\":\"grep-me\",\"scopes\":[\"admin\"]}", admin)
                    .body())
            .path("key")
            .asText();
    assertThat(send("GET", "/api/v1/tasks", null, key).statusCode()).isEqualTo(200);
    String table =
        db.jdbi()
            .withHandle(
                h ->
                    String.join(
                        "\n",
                        h.createQuery(
                                "select t::text from api_keys t union all select"
                                    + " encode(key_hash, 'escape') from api_keys")
                            .mapTo(String.class)
                            .list()));
    assertThat(table).contains("grep-me").doesNotContain(key).doesNotContain(key.substring(4));
  }

  @Test
  void aTextPlainBodyIs415AndCreatesNothing() throws Exception {
    long before = count("tasks");
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "text/plain")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"title\":\"cross-site\",\"repository\":\"" + repo + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(415);
    assertThat(JSON.readTree(r.body()).path("error").path("code").asText())
        .isEqualTo("unsupported_media_type");
    assertThat(count("tasks")).isEqualTo(before);

    HttpResponse<String> withCharset =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks"))
                .header("Authorization", "Bearer " + admin)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"repository\":\"" + repo + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(withCharset.statusCode()).as("validated, not refused for its type").isEqualTo(400);
  }

  @Test
  void anUndeclaredMethodOnAKnownPathIs405WithAllow() throws Exception {
    HttpResponse<String> r = send("DELETE", "/api/v1/tasks", null, admin);
    assertThat(r.statusCode()).isEqualTo(405);
    assertThat(r.headers().firstValue("Allow"))
        .hasValueSatisfying(
            a -> {
              assertThat(a).contains("GET").contains("POST");
            });
    assertThat(JSON.readTree(r.body()).path("error").path("code").asText())
        .isEqualTo("method_not_allowed");
    HttpResponse<String> put = send("PUT", "/api/v1/tasks/1", "{}", admin);
    assertThat(put.statusCode()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow"))
        .hasValueSatisfying(
            a -> {
              assertThat(a).contains("GET").doesNotContain("PUT");
            });
    assertThat(send("GET", "/api/v1/nothing-here", null, admin).statusCode()).isEqualTo(404);
  }

  @Test
  void healthTheDocumentAndTheDocsPageNeedNoKey() throws Exception {
    assertThat(send("GET", "/health", null, null).statusCode()).isIn(200, 503);
    assertThat(send("GET", "/openapi.yaml", null, null).statusCode()).isEqualTo(200);
    HttpResponse<String> docs = send("GET", "/docs", null, null);
    assertThat(docs.statusCode()).isEqualTo(200);
    assertThat(docs.body()).contains("/openapi.yaml").contains("swagger-ui-bundle.js");
    HttpResponse<String> script =
        send(
            "GET",
            "/webjars/swagger-ui/" + ApiServer.SWAGGER_UI + "/swagger-ui-bundle.js",
            null,
            null);
    assertThat(script.statusCode()).isEqualTo(200);
  }

  @Test
  void authenticatedAnswersCarryTheRateLimitHeaders() throws Exception {
    HttpResponse<String> r = send("GET", "/api/v1/tasks", null, admin);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("RateLimit-Limit")).contains("600");
    assertThat(r.headers().firstValue("RateLimit-Remaining")).isPresent();
    assertThat(r.headers().firstValue("RateLimit-Reset")).isPresent();
  }

  private static long count(String table) {
    return db.jdbi()
        .withHandle(h -> h.createQuery("select count(*) from " + table).mapTo(Long.class).one());
  }

  static HttpResponse<String> send(String method, String path, String body, String key)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (key != null) {
      b.header("Authorization", TestApiKeys.bearer(key));
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
