package dev.prflow.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Several processes starting at once must not corrupt the schema. */
class ConcurrentMigrationTest {

  @Test
  void migratingFromManyPoolsAtOnceAppliesEachMigrationOnce() throws Exception {
    DatabaseUrl url = TestPostgres.freshDatabaseUrl();
    int starters = 6;
    ExecutorService pool = Executors.newFixedThreadPool(starters);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Database>> started = new ArrayList<>();
    for (int i = 0; i < starters; i++) {
      started.add(
          pool.submit(
              () -> {
                go.await();
                return Database.connect(url, 2).migrate();
              }));
    }
    go.countDown();
    List<Database> databases = new ArrayList<>();
    for (Future<Database> f : started) {
      databases.add(f.get());
    }
    pool.shutdown();

    Database db = databases.get(0);
    int applied =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select count(*) from flyway_schema_history where success and version"
                                + " is not null")
                        .mapTo(Integer.class)
                        .one());
    int migrationFiles =
        new java.io.File(ConcurrentMigrationTest.class.getResource("/db/migration").toURI())
            .list((dir, name) -> name.endsWith(".sql"))
            .length;
    assertThat(applied).isEqualTo(migrationFiles);
    TaskStore store = new TaskStore(db.jdbi());
    long id = TestTasks.insert(store, "after concurrent start", "local:/tmp/r");
    assertThat(store.find(id)).isPresent();
    databases.forEach(Database::close);
  }
}
