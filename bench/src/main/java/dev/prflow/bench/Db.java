package dev.prflow.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/** Reads prflow's tasks table directly, so that waiting for tasks puts no load on the API. */
final class Db implements AutoCloseable {
  static final String TERMINAL =
      "('completed','validation_failed','failed','cancelled','rejected')";

  final Connection connection;

  Db(String url) throws SQLException {
    String jdbc =
        url.startsWith("jdbc:")
            ? url
            : "jdbc:" + url.replaceFirst("^postgres(ql)?:", "postgresql:");
    // postgresql://user@host:port/db -> jdbc:postgresql://host:port/db?user=user
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("jdbc:postgresql://([^@/]+)@(.*)").matcher(jdbc);
    if (m.matches()) {
      jdbc =
          "jdbc:postgresql://"
              + m.group(2)
              + (m.group(2).contains("?") ? "&" : "?")
              + "user="
              + m.group(1);
    }
    connection = DriverManager.getConnection(jdbc);
  }

  long count(String where) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("select count(*) from tasks where " + where)) {
      r.next();
      return r.getLong(1);
    }
  }

  Map<String, Long> statuses() throws SQLException {
    Map<String, Long> out = new TreeMap<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("select status, count(*) from tasks group by status")) {
      while (r.next()) {
        out.put(r.getString(1), r.getLong(2));
      }
    }
    return out;
  }

  /** Polls until {@code where} holds for {@code n} tasks; answers the seconds waited. */
  double waitFor(String where, long n, Duration timeout) throws Exception {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (count(where) < n) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "timed out after "
                + timeout
                + " waiting for "
                + n
                + " tasks where "
                + where
                + "; now "
                + statuses());
      }
      Thread.sleep(100);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
