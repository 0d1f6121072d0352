package dev.prflow.api.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.WebhookDeliveryStore;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The V4 table and its store, against a real PostgreSQL. */
class WebhookDeliveryStoreTest {

  private static Database db;
  private static WebhookDeliveryStore store;

  @BeforeAll
  static void start() {
    db = TestPostgres.freshDatabase();
    store = new WebhookDeliveryStore(db.jdbi());
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  @Test
  void onlyTheFirstClaimOfADeliveryWins() {
    assertThat(store.claim("d-1", "pull_request", "opened")).isTrue();
    assertThat(store.claim("d-1", "pull_request", "opened")).isFalse();

    WebhookDeliveryStore.Delivery d = store.find("d-1").orElseThrow();
    assertThat(d.event()).isEqualTo("pull_request");
    assertThat(d.action()).isEqualTo("opened");
    assertThat(d.outcome()).isNull();
    assertThat(d.receivedAt())
        .isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MINUTES));
  }

  @Test
  void releasedDeliveryCanBeClaimedAgainButCompletedOneCannot() {
    store.claim("d-2", "issues", "labeled");
    store.release("d-2");
    assertThat(store.claim("d-2", "issues", "labeled")).isTrue();

    store.complete("d-2", "task 1 created");
    store.release("d-2");
    assertThat(store.claim("d-2", "issues", "labeled")).isFalse();
    assertThat(store.find("d-2").orElseThrow().outcome()).isEqualTo("task 1 created");
  }

  @Test
  void longOutcomesAreCut() {
    store.claim("d-3", "watch", null);
    store.complete("d-3", "x".repeat(2_000));

    assertThat(store.find("d-3").orElseThrow().outcome())
        .hasSize(WebhookDeliveryStore.MAX_OUTCOME_LENGTH);
  }

  @Test
  void pruningForgetsOnlyOlderDeliveries() {
    store.claim("d-4", "ping", null);

    assertThat(store.pruneBefore(Instant.now().minus(1, ChronoUnit.HOURS))).isZero();
    assertThat(store.pruneBefore(Instant.now().plus(1, ChronoUnit.HOURS))).isPositive();
    assertThat(store.find("d-4")).isEmpty();
  }
}
