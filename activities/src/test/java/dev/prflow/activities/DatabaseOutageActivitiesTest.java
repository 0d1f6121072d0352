package dev.prflow.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.prflow.activities.agent.AgentOutput;
import dev.prflow.activities.agent.AgentWork;
import dev.prflow.activities.agent.CodingAgent;
import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.demo.DemoRepository;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.DatabaseOutage;
import dev.prflow.activities.store.EmbeddedPostgres;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL really stopped and started again around the agent activity: its bookkeeping waits the
 * outage out or fails as retryable infrastructure, never as a failed agent, and the agent's work is
 * done once.
 */
class DatabaseOutageActivitiesTest {

  @TempDir Path temp;

  private EmbeddedPostgres cluster;
  private Database db;
  private AgentRunStore runs;
  private TaskSpec task;
  private Path repo;

  @BeforeEach
  void start() {
    cluster = TestPostgres.privateCluster();
    db = Database.connect(cluster.url(), 2, Duration.ofSeconds(1)).migrate();
    runs = new AgentRunStore(db.jdbi());
    repo = DemoRepository.create(temp.resolve("calc"));
    long id = TestTasks.insert(new TaskStore(db.jdbi()), "Add notes", "local:" + repo);
    task =
        new TaskSpec(
            id,
            "Add notes",
            "",
            List.of(),
            List.of(),
            "medium",
            "low",
            "local:" + repo,
            "main",
            null,
            null);
  }

  @AfterEach
  void stop() {
    db.close();
    cluster.close();
  }

  /** Writes a file; stops PostgreSQL while "working" when asked to. */
  private final class NotesAgent implements CodingAgent {
    final AtomicInteger runs = new AtomicInteger();
    Runnable duringWork = () -> {};

    @Override
    public String name() {
      return "notes";
    }

    @Override
    public AgentOutput work(AgentWork work, Heartbeat heartbeat) {
      runs.incrementAndGet();
      duringWork.run();
      try {
        Files.writeString(work.worktree().resolve("NOTES.md"), "notes\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new AgentOutput("wrote notes", "done");
    }
  }

  private AgentActivitiesImpl activities(NotesAgent agent, Duration patience) {
    return new AgentActivitiesImpl(
            agent, runs, new Worktrees(temp.resolve("work")), temp.resolve("prompts"))
        .withRunIdentity(() -> "run-1")
        .withDatabasePatience(patience);
  }

  @Test
  void anOutageAfterTheAgentFinishedFailsRetryablyAndTheRetryReusesTheWork() {
    NotesAgent agent = new NotesAgent();
    agent.duringWork = cluster::stopServer;
    AgentRunRequest request = new AgentRunRequest(task, 1, "initial", "write notes");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities(agent, Duration.ofSeconds(2)).runAgent(request));

    assertThat(failure.getType()).isEqualTo(DatabaseOutage.FAILURE_TYPE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("PostgreSQL unavailable");

    cluster.startServerAgain();
    agent.duringWork = () -> {};
    // The pool reconnects by itself; the retried attempt waits for it like any outage.
    AgentRunResult result = activities(agent, Duration.ofSeconds(30)).runAgent(request);

    assertThat(result.reused()).isTrue();
    assertThat(result.changedFiles()).containsExactly("NOTES.md");
    assertThat(agent.runs).hasValue(1);
    assertThat(runs.find(task.id(), 1).orElseThrow().status()).isEqualTo(AgentRunStore.SUCCEEDED);
  }

  @Test
  void anOutageShorterThanThePatienceIsWaitedOutWithinTheSameAttempt() {
    NotesAgent agent = new NotesAgent();
    CompletableFuture<?>[] restart = new CompletableFuture<?>[1];
    agent.duringWork =
        () -> {
          cluster.stopServer();
          restart[0] =
              CompletableFuture.runAsync(
                  () -> {
                    try {
                      Thread.sleep(1_500);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                    cluster.startServerAgain();
                  });
        };

    AgentRunResult result =
        activities(agent, Duration.ofMinutes(2))
            .runAgent(new AgentRunRequest(task, 1, "initial", "write notes"));
    restart[0].join();

    assertThat(result.reused()).isFalse();
    assertThat(agent.runs).hasValue(1);
    assertThat(runs.find(task.id(), 1).orElseThrow())
        .satisfies(
            row -> {
              assertThat(row.status()).isEqualTo(AgentRunStore.SUCCEEDED);
              assertThat(row.headSha()).isEqualTo(result.headSha());
            });
  }

  @Test
  void anOutageBeforeTheAgentStartsRunsNoAgentAndIsNotAnAgentFailure() {
    NotesAgent agent = new NotesAgent();
    cluster.stopServer();
    AgentRunRequest request = new AgentRunRequest(task, 1, "initial", "write notes");

    ApplicationFailure failure =
        catchThrowableOfType(
            ApplicationFailure.class,
            () -> activities(agent, Duration.ofSeconds(1)).runAgent(request));

    assertThat(failure.getType()).isEqualTo(DatabaseOutage.FAILURE_TYPE);
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(agent.runs).hasValue(0);

    cluster.startServerAgain();
    AgentRunResult result = activities(agent, Duration.ofSeconds(30)).runAgent(request);
    assertThat(result.reused()).isFalse();
    assertThat(agent.runs).hasValue(1);
  }
}
