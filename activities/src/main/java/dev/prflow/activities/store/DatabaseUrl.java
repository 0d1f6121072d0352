package dev.prflow.activities.store;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL location as JDBC wants it. Accepts {@code postgresql://user:pass@host:port/db} (also
 * {@code postgres://}) and {@code jdbc:postgresql://…}; credentials given separately win over none.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {

  public static DatabaseUrl parse(String url, String user, String password) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("DATABASE_URL is empty");
    }
    String trimmed = url.strip();
    if (trimmed.startsWith("jdbc:postgresql:")) {
      return new DatabaseUrl(trimmed, user, password);
    }
    if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
      throw new IllegalArgumentException(
          "DATABASE_URL must look like postgresql://user:pass@host:port/db or"
              + " jdbc:postgresql://host:port/db");
    }
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("DATABASE_URL is not a valid URL: " + e.getMessage());
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("DATABASE_URL names no host");
    }
    String resolvedUser = user;
    String resolvedPassword = password;
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String u = colon < 0 ? userInfo : userInfo.substring(0, colon);
      if (resolvedUser == null || resolvedUser.isBlank()) {
        resolvedUser = decode(u);
      }
      if (colon >= 0 && (resolvedPassword == null || resolvedPassword.isBlank())) {
        resolvedPassword = decode(userInfo.substring(colon + 1));
      }
    }
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    String path =
        uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + port + path + query;
    return new DatabaseUrl(jdbc, resolvedUser, resolvedPassword);
  }

  /** Percent-decoding only: a '+' in a password is a plus, as psql reads it. */
  private static String decode(String raw) {
    return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  /** The URL without credentials, for logs. */
  public String display() {
    return jdbcUrl.replaceAll("password=[^&]*", "password=…");
  }
}
