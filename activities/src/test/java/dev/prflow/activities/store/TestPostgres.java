package dev.prflow.activities.store;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests: one throwaway cluster per test JVM, started from the installed
 * server binaries and stopped at exit. Every call to {@link #freshDatabase} creates a new empty,
 * migrated database so tests never see each other's rows.
 */
public final class TestPostgres {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres embedded;

  private TestPostgres() {}

  /** A new empty database, migrated to the current schema. */
  public static synchronized Database freshDatabase() {
    return Database.connect(freshDatabaseUrl(), 4).migrate();
  }

  /** A new empty database, not migrated. */
  public static synchronized DatabaseUrl freshDatabaseUrl() {
    String name =
        "t_"
            + ProcessHandle.current().pid()
            + "_"
            + System.nanoTime() % 1_000_000
            + "_"
            + COUNTER.incrementAndGet();
    return server().createDatabase(name);
  }

  /**
   * A cluster of the caller's own, for tests that stop and start PostgreSQL; the caller closes it.
   */
  public static EmbeddedPostgres privateCluster() {
    String base = System.getenv("PRFLOW_TEST_PG_DIR");
    return EmbeddedPostgres.start(
        Path.of(base != null ? base : System.getProperty("java.io.tmpdir")));
  }

  private static EmbeddedPostgres server() {
    if (embedded == null) {
      String base = System.getenv("PRFLOW_TEST_PG_DIR");
      embedded =
          EmbeddedPostgres.start(
                  Path.of(base != null ? base : System.getProperty("java.io.tmpdir")))
              .stopOnExit();
    }
    return embedded;
  }
}
