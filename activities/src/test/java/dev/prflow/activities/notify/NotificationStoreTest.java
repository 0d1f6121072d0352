package dev.prflow.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NotificationStoreTest {

  private static final Duration STALE = Duration.ofMinutes(2);

  private static Database db;
  private static NotificationStore store;
  private static TaskStore tasks;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
    store = new NotificationStore(db.jdbi());
    tasks = new TaskStore(db.jdbi());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static long newTask() {
    return TestTasks.insert(tasks, "notify me", "local:/tmp/r");
  }

  @Test
  void givenANewNotification_whenClaimed_itShouldBeSending() {
    long task = newTask();

    assertThat(store.claim(task, "completed", "webhook", STALE)).isTrue();

    NotificationRow row = store.find(task, "completed", "webhook").orElseThrow();
    assertThat(row.status()).isEqualTo(NotificationStore.SENDING);
    assertThat(row.attempts()).isZero();
    assertThat(row.deliveredAt()).isNull();
  }

  @Test
  void givenASendInFlight_whenClaimedAgain_itShouldRefuse() {
    long task = newTask();
    store.claim(task, "failed", "webhook", STALE);

    assertThat(store.claim(task, "failed", "webhook", STALE)).isFalse();
    assertThat(store.claim(task, "failed", "pr-comment", STALE)).isTrue();
    assertThat(store.claim(task, "completed", "webhook", STALE)).isTrue();
  }

  @Test
  void givenAnAbandonedSend_whenClaimedAfterItWentStale_itShouldBeSentAgain() throws Exception {
    long task = newTask();
    store.claim(task, "cancelled", "webhook", STALE);
    Thread.sleep(20);

    assertThat(store.claim(task, "cancelled", "webhook", Duration.ofMillis(1))).isTrue();
  }

  @Test
  void givenADelivery_whenClaimedAgain_itShouldRefuseEvenWhenStale() throws Exception {
    long task = newTask();
    store.claim(task, "completed", "webhook", STALE);
    store.delivered(task, "completed", "webhook", 2);
    Thread.sleep(20);

    assertThat(store.claim(task, "completed", "webhook", Duration.ofMillis(1))).isFalse();
    NotificationRow row = store.find(task, "completed", "webhook").orElseThrow();
    assertThat(row.status()).isEqualTo(NotificationStore.DELIVERED);
    assertThat(row.attempts()).isEqualTo(2);
    assertThat(row.deliveredAt()).isNotNull();
    assertThat(row.lastError()).isNull();
  }

  @Test
  void givenAFailure_whenClaimedAgain_itShouldBeRetriedAndCountAllAttempts() {
    long task = newTask();
    store.claim(task, "rejected", "webhook", STALE);
    store.failed(task, "rejected", "webhook", 5, "HTTP 500");

    assertThat(store.find(task, "rejected", "webhook").orElseThrow())
        .extracting(NotificationRow::status, NotificationRow::attempts, NotificationRow::lastError)
        .containsExactly(NotificationStore.FAILED, 5, "HTTP 500");
    assertThat(store.claim(task, "rejected", "webhook", STALE)).isTrue();
    store.delivered(task, "rejected", "webhook", 1);

    NotificationRow row = store.find(task, "rejected", "webhook").orElseThrow();
    assertThat(row.status()).isEqualTo(NotificationStore.DELIVERED);
    assertThat(row.attempts()).isEqualTo(6);
    assertThat(row.lastError()).isNull();
  }

  @Test
  void anOutcomeIsRecordedEvenWithoutAClaim() {
    long task = newTask();
    store.failed(task, "failed", "webhook", 1, "HTTP 404");

    assertThat(store.forTask(task))
        .singleElement()
        .extracting(NotificationRow::status)
        .isEqualTo(NotificationStore.FAILED);
  }

  @Test
  void rowsGoWithTheirTaskAndNeedOne() {
    long task = newTask();
    store.claim(task, "completed", "webhook", STALE);

    db.jdbi().useHandle(h -> h.execute("delete from tasks where id = ?", task));

    assertThat(store.forTask(task)).isEmpty();
    assertThatThrownBy(() -> store.claim(task, "completed", "webhook", STALE))
        .isInstanceOf(RuntimeException.class);
  }
}
