package dev.prflow.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.codegen.RunCheckpoint;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where a Codegen run's id is kept so that a retried activity follows it instead of starting
 * another.
 */
class RemoteAgentRunTest {

  private static Database db;

  @BeforeAll
  static void connect() {
    db = TestPostgres.freshDatabase();
  }

  @AfterAll
  static void close() {
    db.close();
  }

  @Test
  void everyHeartbeatAfterTheRunStartsCarriesItsId() {
    AgentRunStore runs = new AgentRunStore(db.jdbi());
    long task = TestTasks.insert(new TaskStore(db.jdbi()), "codegen run", "github:octo-org/hello");
    runs.begin(task, 1, "initial", "codegen", "the prompt", null);
    List<String> beats = new ArrayList<>();
    RunCheckpoint checkpoint =
        new RemoteAgentRun(null, runs, Duration.ofMinutes(5))
            .checkpoint(
                task,
                1,
                details -> {
                  beats.add(details);
                  return true;
                });

    checkpoint.beat("starting");
    checkpoint.recordRunId("86753", "https://codegen.com/agent/trace/86753");
    checkpoint.beat("Codegen run 86753: poll 3");

    assertThat(beats).hasSize(3);
    assertThat(RemoteAgentRun.runIdIn(beats.get(0))).isEmpty();
    assertThat(RemoteAgentRun.runIdIn(beats.get(1))).contains("86753");
    assertThat(RemoteAgentRun.runIdIn(beats.get(2))).contains("86753");
    assertThat(beats.get(2)).endsWith("poll 3");
    assertThat(checkpoint.recordedRunId()).contains("86753");
  }

  @Test
  void detailsWithoutARunNameNone() {
    assertThat(RemoteAgentRun.runIdIn(null)).isEmpty();
    assertThat(RemoteAgentRun.runIdIn("Codegen run 86753: poll 3")).isEmpty();
    assertThat(RemoteAgentRun.runIdIn(RemoteAgentRun.RUN_PREFIX)).isEmpty();
  }
}
