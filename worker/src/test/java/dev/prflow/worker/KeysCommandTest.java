package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.store.ApiKeyStore;
import dev.prflow.activities.store.ApiScope;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.DatabaseUrl;
import dev.prflow.activities.store.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prflow keys create|list|revoke} as a user runs them: separate processes on a database. */
class KeysCommandTest {

  @TempDir Path tmp;

  private record Run(int exit, String out, String err) {}

  @Test
  void createPrintsTheKeyAloneListShowsNoKeyAndRevokeEndsIt() throws Exception {
    DatabaseUrl url = TestPostgres.freshDatabaseUrl();

    Run created =
        prflow(url, "keys", "create", "--name", "ci", "--scopes", "tasks:read,tasks:write");
    assertThat(created.exit()).as(created.err()).isZero();
    String key = created.out().strip();
    assertThat(created.out()).matches("prf_[A-Za-z0-9_-]{43}\\R");
    assertThat(created.err()).doesNotContain(key);

    try (Database db = Database.connect(url, 2)) {
      ApiKeyStore store = new ApiKeyStore(db.jdbi());
      assertThat(store.authenticate(key))
          .hasValueSatisfying(
              row ->
                  assertThat(row.scopes())
                      .containsExactly(ApiScope.TASKS_READ, ApiScope.TASKS_WRITE));

      Run list = prflow(url, "keys", "list");
      assertThat(list.exit()).as(list.err()).isZero();
      assertThat(list.out())
          .contains("ci")
          .contains(key.substring(0, 8))
          .contains("live")
          .contains("tasks:read,tasks:write")
          .doesNotContain(key);

      Run again = prflow(url, "keys", "create", "--name", "ci", "--scopes", "admin");
      assertThat(again.exit()).isEqualTo(1);
      assertThat(again.err()).contains("already named ci");

      Run unknownScope = prflow(url, "keys", "create", "--name", "x", "--scopes", "root");
      assertThat(unknownScope.exit()).isEqualTo(2);
      assertThat(unknownScope.err()).contains("unknown scope 'root'").contains("--scopes");

      Run revoked = prflow(url, "keys", "revoke", "ci");
      assertThat(revoked.exit()).as(revoked.err()).isZero();
      assertThat(new ApiKeyStore(db.jdbi()).authenticate(key)).isEmpty();
      assertThat(prflow(url, "keys", "list").out()).contains("revoked");
      assertThat(prflow(url, "keys", "revoke", "ci").exit()).isEqualTo(1);
    }
  }

  @Test
  void withoutDatabaseUrlItSaysWhatIsMissing() throws Exception {
    Run r = prflow(null, "keys", "list");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("DATABASE_URL");
  }

  private Run prflow(DatabaseUrl url, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(tmp, "out", ".txt");
    Path err = Files.createTempFile(tmp, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("DATABASE_URL");
    pb.environment().remove("DATABASE_USER");
    pb.environment().remove("DATABASE_PASSWORD");
    pb.environment().put("PRFLOW_HOME", tmp.resolve("home").toString());
    if (url != null) {
      pb.environment().put("DATABASE_URL", url.jdbcUrl());
      if (url.user() != null) {
        pb.environment().put("DATABASE_USER", url.user());
      }
      if (url.password() != null) {
        pb.environment().put("DATABASE_PASSWORD", url.password());
      }
    }
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("prflow " + String.join(" ", args) + " did not finish");
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
