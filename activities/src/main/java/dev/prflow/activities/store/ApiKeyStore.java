package dev.prflow.activities.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * API keys, kept as SHA-256 hashes only. A key is {@code prf_} and 32 random bytes in url-safe
 * base64; it is returned once by {@link #create} and never stored, logged or listed whole.
 *
 * <p>Looking a key up costs one indexed query by hash; a found key is remembered for a few seconds
 * so that a busy client does not cost a query per request, and {@code last_used_at} is written at
 * most once a minute per key. {@link #revoke} through this store forgets the remembered keys at
 * once; a revoke made by another process takes effect within {@link #CACHE_FOR}.
 */
public final class ApiKeyStore {

  /** Every key starts with this, so scanners (and people) recognise a leaked one. */
  public static final String PREFIX = "prf_";

  /** How long a looked-up key is remembered. */
  public static final Duration CACHE_FOR = Duration.ofSeconds(5);

  /** How often at most {@code last_used_at} is written per key. */
  public static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

  private static final int KEY_BYTES = 32;
  private static final int PREFIX_SHOWN = PREFIX.length() + 4;
  private static final Pattern KEY_SHAPE = Pattern.compile("prf_[A-Za-z0-9_-]{43}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final int MAX_CACHED = 10_000;
  private static final SecureRandom RANDOM = new SecureRandom();

  private record Cached(ApiKeyRow row, Instant until) {}

  private record Stored(ApiKeyRow row, byte[] hash) {}

  private final Jdbi jdbi;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<Long, Instant> touched = new ConcurrentHashMap<>();

  public ApiKeyStore(Jdbi jdbi) {
    this(jdbi, Clock.systemUTC());
  }

  ApiKeyStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Whether {@code name} can name a key: 1–64 of letters, digits, '.', '_', '-'. */
  public static boolean isValidName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  /**
   * Makes a key. Throws {@link ApiKeyNameTakenException} when a live key has the name, and {@link
   * IllegalArgumentException} for a malformed name or no scopes.
   */
  public NewApiKey create(String name, Collection<ApiScope> scopes) {
    return jdbi.inTransaction(handle -> insert(handle, name, scopes));
  }

  /**
   * Revokes the live key of this name, if any, and makes a new one with it: what {@code prflow dev}
   * does at each start so that only the newest printed key works.
   */
  public NewApiKey replace(String name, Collection<ApiScope> scopes) {
    NewApiKey made =
        jdbi.inTransaction(
            handle -> {
              revoke(handle, name);
              return insert(handle, name, scopes);
            });
    cache.clear();
    return made;
  }

  /** Revokes the live key of this name; false when there is none. */
  public boolean revoke(String name) {
    boolean revoked = jdbi.withHandle(handle -> revoke(handle, name));
    cache.clear();
    return revoked;
  }

  /** Live keys first, then revoked ones; newest first within each. */
  public List<ApiKeyRow> list() {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select id, name, key_prefix, scopes, created_at, last_used_at, revoked_at"
                        + " from api_keys order by revoked_at is not null, id desc")
                .map((rs, ctx) -> row(rs))
                .list());
  }

  /** The live key a presented key is, if any. */
  public Optional<ApiKeyRow> authenticate(String presented) {
    if (presented == null || !KEY_SHAPE.matcher(presented).matches()) {
      return Optional.empty();
    }
    byte[] hash = sha256(presented);
    String cacheKey = HexFormat.of().formatHex(hash);
    Instant now = clock.instant();
    Cached cached = cache.get(cacheKey);
    ApiKeyRow row;
    if (cached != null && cached.until().isAfter(now)) {
      row = cached.row();
    } else {
      row = lookUp(hash).orElse(null);
      if (row == null) {
        cache.remove(cacheKey);
        return Optional.empty();
      }
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      cache.put(cacheKey, new Cached(row, now.plus(CACHE_FOR)));
    }
    touch(row.id(), now);
    return Optional.of(row);
  }

  /** SHA-256 of a key's UTF-8 bytes: what {@code api_keys.key_hash} holds. */
  public static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  private Optional<ApiKeyRow> lookUp(byte[] hash) {
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "select id, name, key_prefix, scopes, created_at, last_used_at, revoked_at,"
                        + " key_hash from api_keys where key_hash = :hash and revoked_at is null")
                .bind("hash", hash)
                .map((rs, ctx) -> new Stored(row(rs), rs.getBytes("key_hash")))
                .list()
                .stream()
                .filter(stored -> MessageDigest.isEqual(stored.hash(), hash))
                .map(Stored::row)
                .findFirst());
  }

  private void touch(long id, Instant now) {
    Instant last = touched.get(id);
    if (last != null && last.plus(TOUCH_EVERY).isAfter(now)) {
      return;
    }
    touched.put(id, now);
    jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "update api_keys set last_used_at = now() where id = :id and (last_used_at is"
                        + " null or last_used_at < now() - interval '1 minute')")
                .bind("id", id)
                .execute());
  }

  private static NewApiKey insert(Handle handle, String name, Collection<ApiScope> scopes) {
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "a key name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    if (scopes == null || scopes.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one scope");
    }
    byte[] random = new byte[KEY_BYTES];
    RANDOM.nextBytes(random);
    String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    String[] wire = EnumSet.copyOf(scopes).stream().map(ApiScope::wireName).toArray(String[]::new);
    try {
      ApiKeyRow row =
          handle
              .createQuery(
                  "insert into api_keys (name, key_hash, key_prefix, scopes) values (:name, :hash,"
                      + " :prefix, :scopes) returning id, name, key_prefix, scopes, created_at,"
                      + " last_used_at, revoked_at")
              .bind("name", name)
              .bind("hash", sha256(key))
              .bind("prefix", key.substring(0, PREFIX_SHOWN))
              .bind("scopes", wire)
              .map((rs, ctx) -> row(rs))
              .one();
      return new NewApiKey(row, key);
    } catch (UnableToExecuteStatementException e) {
      if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        throw new ApiKeyNameTakenException(name);
      }
      throw e;
    }
  }

  private static boolean revoke(Handle handle, String name) {
    return handle
            .createUpdate(
                "update api_keys set revoked_at = now() where name = :name and revoked_at is null")
            .bind("name", name)
            .execute()
        > 0;
  }

  private static ApiKeyRow row(ResultSet rs) throws SQLException {
    Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
    Array array = rs.getArray("scopes");
    for (Object s : (Object[]) array.getArray()) {
      ApiScope.parse((String) s).ifPresent(scopes::add);
    }
    return new ApiKeyRow(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("key_prefix"),
        Collections.unmodifiableSet(scopes),
        TaskStore.instant(rs, "created_at"),
        TaskStore.instant(rs, "last_used_at"),
        TaskStore.instant(rs, "revoked_at"));
  }
}
