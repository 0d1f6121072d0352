package dev.prflow.activities.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Duration;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;

/**
 * The connection pool, schema migration and Jdbi handle of one process. Flyway takes a PostgreSQL
 * advisory lock while migrating, so processes starting together do not corrupt the schema.
 */
public final class Database implements AutoCloseable {

  private final HikariDataSource dataSource;
  private final Jdbi jdbi;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource).installPlugin(new PostgresPlugin());
  }

  /**
   * How long a worker's call waits for a pooled connection before failing with the pool's {@link
   * java.sql.SQLTransientConnectionException} (a {@link DatabaseOutage}). The pool never gives up
   * for good: it keeps trying to open connections in the background, so it recovers by itself once
   * PostgreSQL answers again; the activities retry around it.
   */
  public static final Duration WORKER_CONNECTION_TIMEOUT = Duration.ofSeconds(10);

  /**
   * The API's: short, so that while PostgreSQL is down a request answers 503 within seconds instead
   * of hanging.
   */
  public static final Duration API_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

  public static Database connect(DatabaseUrl url, int maxPoolSize) {
    return connect(url, maxPoolSize, WORKER_CONNECTION_TIMEOUT);
  }

  public static Database connect(DatabaseUrl url, int maxPoolSize, Duration connectionTimeout) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.jdbcUrl());
    if (url.user() != null) {
      config.setUsername(url.user());
    }
    if (url.password() != null) {
      config.setPassword(url.password());
    }
    config.setMaximumPoolSize(maxPoolSize);
    config.setMinimumIdle(1);
    config.setPoolName("prflow-db");
    config.setConnectionTimeout(connectionTimeout.toMillis());
    config.setValidationTimeout(Math.min(connectionTimeout.toMillis() / 2, 5_000));
    // At start-up only: later outages never close the pool, it reconnects by itself.
    config.setInitializationFailTimeout(Duration.ofSeconds(10).toMillis());
    return new Database(new HikariDataSource(config));
  }

  /** Applies pending migrations; safe to call from several processes at once. */
  public Database migrate() {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
    return this;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  /** True when a connection answers a trivial query within two seconds. */
  public boolean isHealthy() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(2);
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
