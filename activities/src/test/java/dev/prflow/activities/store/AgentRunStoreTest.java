package dev.prflow.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AgentRunStoreTest {

  private static Database db;
  private static TaskStore tasks;
  private static AgentRunStore runs;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
    tasks = new TaskStore(db.jdbi());
    runs = new AgentRunStore(db.jdbi());
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static long newTask(String title) {
    return TestTasks.insert(tasks, title, "local:/tmp/repo");
  }

  @Test
  void beginTwiceForTheSameAttemptKeepsOneRow() {
    long task = newTask("begin twice");

    AgentRunRow first = runs.begin(task, 1, "default", "command", "prompt one", "prflow/b-1");
    AgentRunRow second = runs.begin(task, 1, "retry", "demo", "prompt two", "prflow/b-2");

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(second.strategy()).isEqualTo("default");
    assertThat(second.agent()).isEqualTo("command");
    assertThat(second.branch()).isEqualTo("prflow/b-1");
    assertThat(second.status()).isEqualTo(AgentRunStore.RUNNING);
    assertThat(runs.forTask(task)).hasSize(1);
  }

  @Test
  void eachAttemptHasItsOwnRow() {
    long task = newTask("two attempts");

    runs.begin(task, 1, "default", "command", "p", "prflow/x-1");
    runs.begin(task, 2, "retry", "command", "p", "prflow/x-2");

    assertThat(runs.forTask(task)).extracting(AgentRunRow::attempt).containsExactly(1, 2);
  }

  @Test
  void succeededUpdatesTheRow() {
    long task = newTask("succeeds");
    runs.begin(task, 1, "default", "command", "p", "prflow/s-1");

    runs.succeeded(task, 1, "base123", "head456", "all good");

    AgentRunRow row = runs.find(task, 1).orElseThrow();
    assertThat(row.status()).isEqualTo(AgentRunStore.SUCCEEDED);
    assertThat(row.baseSha()).isEqualTo("base123");
    assertThat(row.headSha()).isEqualTo("head456");
    assertThat(row.outputTail()).isEqualTo("all good");
    assertThat(row.error()).isNull();
    assertThat(row.finishedAt()).isNotNull();
    assertThat(runs.forTask(task)).hasSize(1);
  }

  @Test
  void failedUpdatesTheRowAndALaterSuccessClearsTheError() {
    long task = newTask("fails then succeeds");
    runs.begin(task, 1, "default", "command", "p", "prflow/f-1");

    runs.failed(task, 1, "agent exited with 3", "tail of log");

    AgentRunRow failed = runs.find(task, 1).orElseThrow();
    assertThat(failed.status()).isEqualTo(AgentRunStore.FAILED);
    assertThat(failed.error()).isEqualTo("agent exited with 3");
    assertThat(failed.outputTail()).isEqualTo("tail of log");
    assertThat(failed.finishedAt()).isNotNull();

    runs.begin(task, 1, "default", "command", "p", "prflow/f-1");
    runs.succeeded(task, 1, "b", "h", null);

    AgentRunRow retried = runs.find(task, 1).orElseThrow();
    assertThat(retried.status()).isEqualTo(AgentRunStore.SUCCEEDED);
    assertThat(retried.error()).isNull();
    assertThat(runs.forTask(task)).hasSize(1);
  }

  @Test
  void findIsEmptyForAnAttemptNeverBegun() {
    long task = newTask("never begun");

    assertThat(runs.find(task, 1)).isEmpty();
    assertThat(runs.forTask(task)).isEmpty();
  }
}
