package dev.prflow.activities.store;

/** No PostgreSQL server binaries here, or the throwaway cluster would not start. */
public class PostgresUnavailableException extends RuntimeException {
  public PostgresUnavailableException(String message) {
    super(message);
  }
}
