package dev.prflow.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.sql.SQLException;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** What counts as "PostgreSQL is unavailable", against a real server stopped and killed. */
class DatabaseOutageTest {

  @Test
  void aStoppedServerIsAnOutageAndBadSqlIsNot() {
    try (EmbeddedPostgres cluster = TestPostgres.privateCluster();
        Database db = Database.connect(cluster.url(), 2, Duration.ofSeconds(1))) {
      Jdbi jdbi = db.jdbi();
      Throwable badSql = catchThrowable(() -> jdbi.withHandle(h -> h.execute("selec 1")));
      Throwable missing =
          catchThrowable(() -> jdbi.withHandle(h -> h.execute("select * from no_such_table")));
      assertThat(DatabaseOutage.isOutage(badSql)).isFalse();
      assertThat(DatabaseOutage.isOutage(missing)).isFalse();

      cluster.stopServer();
      long started = System.nanoTime();
      Throwable down = catchThrowable(() -> jdbi.withHandle(h -> h.execute("select 1")));
      long millis = (System.nanoTime() - started) / 1_000_000;

      assertThat(DatabaseOutage.isOutage(down)).as(String.valueOf(down)).isTrue();
      assertThat(millis).isLessThan(5_000);
      cluster.startServerAgain();
      int one = jdbi.withHandle(h -> h.createQuery("select 1").mapTo(Integer.class).one());
      assertThat(one).isEqualTo(1);
    }
  }

  @Test
  void aConnectionTheServerEndsIsAnOutage() {
    try (EmbeddedPostgres cluster = TestPostgres.privateCluster();
        Database db = Database.connect(cluster.url(), 2, Duration.ofSeconds(1))) {
      Throwable killed =
          catchThrowable(
              () ->
                  db.jdbi()
                      .useHandle(h -> h.execute("select pg_terminate_backend(pg_backend_pid())")));

      assertThat(DatabaseOutage.isOutage(killed)).as(String.valueOf(killed)).isTrue();
    }
  }

  @Test
  void sqlStatesOfClass08AndServerShutdownsAreOutages() {
    assertThat(DatabaseOutage.isOutageState("08001")).isTrue();
    assertThat(DatabaseOutage.isOutageState("08006")).isTrue();
    assertThat(DatabaseOutage.isOutageState("57P01")).isTrue();
    assertThat(DatabaseOutage.isOutageState("57P03")).isTrue();
    assertThat(DatabaseOutage.isOutageState("23505")).isFalse();
    assertThat(DatabaseOutage.isOutageState(null)).isFalse();
    assertThat(
            DatabaseOutage.isOutage(new IllegalStateException(new SQLException("gone", "57P02"))))
        .isTrue();
  }
}
