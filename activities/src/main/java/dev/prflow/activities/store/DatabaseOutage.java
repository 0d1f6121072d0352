package dev.prflow.activities.store;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Tells "PostgreSQL cannot be reached right now" apart from every other failure, so callers treat
 * an outage as infrastructure to wait out (retry, answer 503) and never as a domain result: a
 * failing test, a failing agent, a broken request.
 *
 * <p>An outage is, anywhere in the cause chain (Jdbi wraps the driver's and the pool's exceptions):
 * a refused TCP connection; the pool's {@link SQLTransientConnectionException} ("Connection is not
 * available, request timed out"); an {@link SQLException} whose SQLSTATE is in class 08 (connection
 * exception) or is 57P01 (admin shutdown), 57P02 (crash shutdown) or 57P03 (cannot connect now,
 * e.g. the server is starting up).
 */
public final class DatabaseOutage {

  /** The Temporal failure type of an activity that failed because PostgreSQL was unavailable. */
  public static final String FAILURE_TYPE = "DatabaseUnavailable";

  private static final Set<String> SHUTDOWN_STATES = Set.of("57P01", "57P02", "57P03");
  private static final int MAX_DEPTH = 32;

  private DatabaseOutage() {}

  /** True when {@code failure} or one of its causes says PostgreSQL is unreachable. */
  public static boolean isOutage(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof SQLTransientConnectionException || t instanceof ConnectException) {
        return true;
      }
      if (t instanceof SQLException sql && isOutageState(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** SQLSTATE class 08 or an administrator/crash shutdown or start-up in progress. */
  public static boolean isOutageState(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || SHUTDOWN_STATES.contains(sqlState));
  }

  /** A one-line reason naming the innermost cause, for logs and failure messages. */
  public static String describe(Throwable failure) {
    Throwable last = failure;
    int depth = 0;
    for (Throwable t = failure; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (t.getMessage() != null) {
        last = t;
      }
    }
    String message =
        last.getMessage() == null ? last.getClass().getSimpleName() : last.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
