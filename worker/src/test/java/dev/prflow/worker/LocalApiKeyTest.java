package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.api.ApiDependencies;
import dev.prflow.api.ApiServer;
import io.javalin.Javalin;
import io.temporal.testing.TestWorkflowEnvironment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin key {@code prflow dev} and {@code demo} write to {@code $PRFLOW_HOME/api-key}. */
class LocalApiKeyTest {

  @TempDir Path home;

  @Test
  void theKeyFileIsOwnerOnlyWorksAndARestartRevokesThePreviousKey() throws Exception {
    try (TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance();
        Database db = TestPostgres.freshDatabase()) {
      Javalin api =
          ApiServer.create(new ApiDependencies(db, temporal.getWorkflowClient(), "k", null, null))
              .start("127.0.0.1", 0);
      Javalin restarted = null;
      try {
        String base = "http://127.0.0.1:" + api.port();
        String first = LocalApiKey.mint(db, home, "dev");
        Path file = home.resolve("api-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).isEqualTo(first);
        assertThat(listTasks(base, Files.readString(file).strip())).isEqualTo(200);

        // A restart: a new process (so no key remembered from before) mints a new key.
        api.stop();
        restarted =
            ApiServer.create(new ApiDependencies(db, temporal.getWorkflowClient(), "k", null, null))
                .start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + restarted.port();
        String second = LocalApiKey.mint(db, home, "dev");
        assertThat(Files.readString(file).strip()).isEqualTo(second);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .isEqualTo("rw-------");
        assertThat(listTasks(base, second)).isEqualTo(200);
        assertThat(listTasks(base, first)).as("the previous start's key").isEqualTo(401);
        try (var files = Files.list(home)) {
          assertThat(files.map(p -> p.getFileName().toString())).containsExactly("api-key");
        }
      } finally {
        api.stop();
        if (restarted != null) {
          restarted.stop();
        }
      }
    }
  }

  private static int listTasks(String base, String key) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/tasks"))
                .header("Authorization", "Bearer " + key)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
