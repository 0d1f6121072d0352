package dev.prflow.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TaskStoreTest {

  private static Database db;
  private static TaskStore store;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
    store = new TaskStore(db.jdbi());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static NewTask task(String title, String key) {
    return new NewTask(
        title,
        "",
        List.of("r1"),
        List.of("c1"),
        "high",
        "low",
        "local:/tmp/x",
        "main",
        null,
        key,
        null,
        null);
  }

  @Test
  void insertNamesTheWorkflowAfterTheTaskId() {
    TaskRow row = store.insert(task("one", null)).task();
    assertThat(row.workflowId()).isEqualTo("task-" + row.id());
    assertThat(row.status()).isEqualTo("pending");
    assertThat(row.requirements()).containsExactly("r1");
  }

  @Test
  void sameIdempotencyKeyReturnsTheSameTask() {
    InsertedTask first = store.insert(task("two", "key-2"));
    InsertedTask second = store.insert(task("two again", "key-2"));
    assertThat(first.created()).isTrue();
    assertThat(second.created()).isFalse();
    assertThat(second.task().id()).isEqualTo(first.task().id());
    assertThat(second.task().title()).isEqualTo("two");
  }

  @Test
  void transitionsAreRecordedOnceAndNeverMoveBackwards() {
    long id = store.insert(task("three", null)).task().id();
    assertThat(store.recordTransition(id, 1, "validating", null)).isTrue();
    assertThat(store.recordTransition(id, 2, "generating_prompt", null)).isTrue();
    assertThat(store.recordTransition(id, 1, "validating", null)).isFalse();
    assertThat(store.recordTransition(id, 2, "generating_prompt", null)).isFalse();
    assertThat(store.find(id).orElseThrow().status()).isEqualTo("generating_prompt");
    assertThat(store.events(id))
        .extracting(TaskEventRow::status)
        .containsExactly("validating", "generating_prompt");
  }

  @Test
  void outcomeWinsOverLateStepWrites() {
    long id = store.insert(task("four", null)).task().id();
    store.recordTransition(id, TaskStore.OUTCOME_SEQ, "failed", "agent failed: boom");
    store.recordTransition(id, 3, "running_agent", null);
    TaskRow row = store.find(id).orElseThrow();
    assertThat(row.status()).isEqualTo("failed");
    assertThat(row.failureReason()).isEqualTo("agent failed: boom");
    assertThat(row.completedAt()).isNotNull();
  }

  @Test
  void listsNewestFirstWithKeysetPages() {
    Database own = TestPostgres.freshDatabase();
    TaskStore s = new TaskStore(own.jdbi());
    for (int i = 0; i < 5; i++) {
      s.insert(task("t" + i, null));
    }
    List<TaskRow> first = s.list(null, null, 2);
    List<TaskRow> second = s.list(null, first.get(1).id(), 2);
    assertThat(first).extracting(TaskRow::title).containsExactly("t4", "t3");
    assertThat(second).extracting(TaskRow::title).containsExactly("t2", "t1");
    assertThat(s.list("completed", null, 10)).isEmpty();
    own.close();
  }

  @Test
  void summaryPagesCarryTheSameTasksAndFieldsAsFullRows() {
    Database own = TestPostgres.freshDatabase();
    TaskStore s = new TaskStore(own.jdbi());
    for (int i = 0; i < 5; i++) {
      s.insert(task("t" + i, null));
    }
    s.recordTransition(s.list(null, null, 5).get(2).id(), TaskStore.OUTCOME_SEQ, "failed", "x");
    for (String status : new String[] {null, "failed", "pending"}) {
      List<TaskRow> full = s.list(status, null, 10);
      Long after = full.isEmpty() ? null : full.get(0).id();
      assertThat(s.listSummaries(status, null, 10))
          .isNotEmpty()
          .containsExactlyElementsOf(full.stream().map(TaskSummaryRow::of).toList());
      assertThat(s.listSummaries(status, after, 10))
          .containsExactlyElementsOf(
              s.list(status, after, 10).stream().map(TaskSummaryRow::of).toList());
    }
    assertThat(s.listSummaries("completed", null, 10)).isEmpty();
    own.close();
  }
}
