package dev.prflow.activities.store;

import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * API keys for tests that call the API: minted straight into the test's database through {@link
 * ApiKeyStore}, as {@code prflow keys create} would.
 */
public final class TestApiKeys {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestApiKeys() {}

  /** A new {@code admin} key (every scope). */
  public static String admin(Database db) {
    return mint(db, ApiScope.ADMIN);
  }

  /** A new key holding exactly these scopes. */
  public static String mint(Database db, ApiScope first, ApiScope... more) {
    return new ApiKeyStore(db.jdbi())
        .create("test-" + COUNTER.incrementAndGet(), EnumSet.of(first, more))
        .key();
  }

  /** A new key with this name holding exactly these scopes. */
  public static String named(Database db, String name, ApiScope first, ApiScope... more) {
    return new ApiKeyStore(db.jdbi()).create(name, EnumSet.of(first, more)).key();
  }

  /** The {@code Authorization} header value for a key. */
  public static String bearer(String key) {
    return "Bearer " + key;
  }
}
