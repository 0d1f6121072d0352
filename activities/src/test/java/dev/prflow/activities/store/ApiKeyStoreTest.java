package dev.prflow.activities.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiKeyStoreTest {

  private static Database db;
  private static ApiKeyStore store;

  @BeforeAll
  static void start() {
    db = TestPostgres.freshDatabase();
    store = new ApiKeyStore(db.jdbi());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void aNewKeyIsUrlSafeRandomAndAuthenticatesAsItsName() {
    NewApiKey made = store.create("ci", EnumSet.of(ApiScope.TASKS_READ, ApiScope.TASKS_WRITE));
    assertThat(made.key()).matches("prf_[A-Za-z0-9_-]{43}");
    assertThat(made.row().keyPrefix()).isEqualTo(made.key().substring(0, 8));
    assertThat(made.toString()).doesNotContain(made.key());
    assertThat(store.authenticate(made.key()))
        .hasValueSatisfying(
            row -> {
              assertThat(row.name()).isEqualTo("ci");
              assertThat(row.scopes()).containsExactly(ApiScope.TASKS_READ, ApiScope.TASKS_WRITE);
            });
    assertThat(store.create("ci-2", Set.of(ApiScope.ADMIN)).key()).isNotEqualTo(made.key());
  }

  @Test
  void theKeyIsStoredOnlyAsItsHash() {
    NewApiKey made = store.create("hash-only", Set.of(ApiScope.ADMIN));
    String everything =
        db.jdbi()
            .withHandle(
                h ->
                    String.join(
                        "\n",
                        h.createQuery(
                                "select t::text from api_keys t union all"
                                    + " select encode(key_hash, 'escape') from api_keys")
                            .mapTo(String.class)
                            .list()));
    assertThat(everything).contains(made.row().keyPrefix());
    assertThat(everything).doesNotContain(made.key()).doesNotContain(made.key().substring(4));
  }

  @Test
  void unknownMalformedAndRevokedKeysDoNotAuthenticate() {
    NewApiKey made = store.create("short-lived", Set.of(ApiScope.TASKS_READ));
    assertThat(store.authenticate(made.key())).isPresent();
    assertThat(store.revoke("short-lived")).isTrue();
    assertThat(store.authenticate(made.key())).isEmpty();
    assertThat(store.revoke("short-lived")).isFalse();
    assertThat(store.authenticate("prf_" + "A".repeat(43))).isEmpty();
    assertThat(store.authenticate("nonsense")).isEmpty();
    assertThat(store.authenticate(null)).isEmpty();
  }

  @Test
  void aLiveNameIsUniqueButARevokedOneMayBeReused() {
    store.create("twice", Set.of(ApiScope.TASKS_READ));
    assertThatThrownBy(() -> store.create("twice", Set.of(ApiScope.TASKS_READ)))
        .isInstanceOf(ApiKeyNameTakenException.class);
    store.revoke("twice");
    assertThat(store.create("twice", Set.of(ApiScope.TASKS_READ)).row().name()).isEqualTo("twice");
    List<ApiKeyRow> named = store.list().stream().filter(r -> r.name().equals("twice")).toList();
    assertThat(named).hasSize(2);
    assertThat(named.get(0).revokedAt()).isNull();
    assertThat(named.get(1).revokedAt()).isNotNull();
  }

  @Test
  void replaceRevokesThePreviousKeyOfTheName() {
    NewApiKey first = store.replace("dev", Set.of(ApiScope.ADMIN));
    NewApiKey second = store.replace("dev", Set.of(ApiScope.ADMIN));
    assertThat(store.authenticate(first.key())).isEmpty();
    assertThat(store.authenticate(second.key())).isPresent();
  }

  @Test
  void malformedNamesAndEmptyScopesAreRefused() {
    assertThatThrownBy(() -> store.create("has space", Set.of(ApiScope.ADMIN)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.create("x".repeat(65), Set.of(ApiScope.ADMIN)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.create("empty", Set.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void lastUsedIsWrittenAtMostOnceAMinute() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    ApiKeyStore timed = new ApiKeyStore(db.jdbi(), clock);
    NewApiKey made = timed.create("busy", Set.of(ApiScope.TASKS_READ));
    timed.authenticate(made.key());
    Instant firstUse = lastUsed("busy");
    assertThat(firstUse).isNotNull();
    db.jdbi()
        .useHandle(h -> h.execute("update api_keys set last_used_at = null where name = 'busy'"));
    for (int i = 0; i < 20; i++) {
      timed.authenticate(made.key());
    }
    assertThat(lastUsed("busy")).as("no write within the minute").isNull();
    now.set(now.get().plus(Duration.ofSeconds(61)));
    timed.authenticate(made.key());
    assertThat(lastUsed("busy")).isNotNull();
  }

  private static Instant lastUsed(String name) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "select last_used_at from api_keys where name = :n and revoked_at is null")
                    .bind("n", name)
                    .mapTo(Instant.class)
                    .findOne()
                    .orElse(null));
  }
}
