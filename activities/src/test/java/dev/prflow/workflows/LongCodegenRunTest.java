package dev.prflow.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.AgentActivitiesImpl;
import dev.prflow.activities.codegen.CodegenClient;
import dev.prflow.activities.codegen.CodegenRunner;
import dev.prflow.activities.demo.DemoAgent;
import dev.prflow.activities.http.Sleeper;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Codegen run that outlasts {@code runAgent}'s 30 s heartbeat timeout, in real time: the real
 * activity implementation with real sleeping, run by a real Temporal test server without time
 * skipping under {@code TaskToPr}'s own activity options. Before waits heartbeated, the first try
 * timed out in the middle of the poll interval and a retry followed the run.
 */
class LongCodegenRunTest {

  private static final String QUEUE = "long-codegen-run";

  /** Longer than the heartbeat timeout; stands in for production's 30 s poll cap. */
  private static final Duration POLL = Duration.ofSeconds(40);

  /** Codegen answers RUNNING this long after the run was created, then COMPLETE with a PR. */
  private static final Duration RUNNING_FOR = Duration.ofSeconds(38);

  @TempDir Path temp;

  private Database db;
  private MockWebServer codegen;
  private TestWorkflowEnvironment env;
  private final AtomicInteger posts = new AtomicInteger();
  private final AtomicLong createdAt = new AtomicLong();

  @BeforeEach
  void start() throws Exception {
    db = TestPostgres.freshDatabase();
    codegen = new MockWebServer();
    codegen.setDispatcher(codegenApi());
    codegen.start();
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
  }

  @AfterEach
  void stop() {
    env.close();
    codegen.close();
    db.close();
  }

  @Test
  void aCodegenRunLongerThanTheHeartbeatTimeoutCompletesOnTheFirstTryWithOneRun() {
    long taskId =
        TestTasks.insert(new TaskStore(db.jdbi()), "a long Codegen run", "github:acme/widgets");
    CodegenClient client =
        new CodegenClient(
            CodegenClient.defaultHttpClient(), codegen.url("/"), "1234", "sk-test", Sleeper.REAL);
    CodegenRunner runner =
        new CodegenRunner(client, Sleeper.REAL, Clock.systemUTC()).withPolling(POLL, POLL);
    AgentActivitiesImpl activities =
        new AgentActivitiesImpl(
                new DemoAgent(),
                new AgentRunStore(db.jdbi()),
                new Worktrees(temp.resolve("work")),
                temp.resolve("prompts"))
            .withCodegen(runner, Duration.ofMinutes(30));
    // As WorkerHost: heartbeats reach the server at least every 2 s.
    Worker worker =
        env.newWorker(
            QUEUE,
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .build());
    worker.registerWorkflowImplementationTypes(OneAgentRunWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    env.start();

    WorkflowClient workflows = env.getWorkflowClient();
    String id = "long-codegen-run-" + taskId;
    OneAgentRunWorkflow workflow =
        workflows.newWorkflowStub(
            OneAgentRunWorkflow.class,
            WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
    TaskSpec task =
        new TaskSpec(
            taskId,
            "a long Codegen run",
            "",
            List.of(),
            List.of(),
            "medium",
            "medium",
            "github:acme/widgets",
            "main",
            "concise",
            null);

    long started = System.nanoTime();
    AgentRunResult result =
        workflow.run(new AgentRunRequest(task, 1, "initial", "Add a changelog"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(result.prUrl()).isEqualTo("https://github.com/acme/widgets/pull/418");
    assertThat(took).as("the run really outlasted the heartbeat timeout").isGreaterThan(POLL);
    assertThat(posts.get()).as("agent runs created").isEqualTo(1);
    List<HistoryEvent> events = workflows.fetchHistory(id).getHistory().getEventsList();
    assertThat(
            events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED)
                .map(e -> e.getActivityTaskStartedEventAttributes().getAttempt()))
        .as("runAgent finished on its first try")
        .containsExactly(1);
    assertThat(events)
        .noneMatch(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT);
  }

  private Dispatcher codegenApi() {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        String target = request.getTarget();
        if (target.startsWith("/v1/organizations/1234/repos?")) {
          return json(
              "{\"items\":[{\"id\":4711,\"name\":\"widgets\",\"full_name\":\"acme/widgets\"}],"
                  + "\"total\":1,\"page\":1,\"size\":100,\"pages\":1}");
        }
        if (target.startsWith("/v1/organizations/1234/agent/runs?")) {
          return json("{\"items\":[],\"total\":0,\"page\":1,\"size\":100,\"pages\":0}");
        }
        if ("POST".equals(request.getMethod())
            && target.equals("/v1/organizations/1234/agent/run")) {
          posts.incrementAndGet();
          createdAt.set(System.nanoTime());
          return json(run("RUNNING", false));
        }
        if (target.equals("/v1/organizations/1234/agent/run/86753")) {
          boolean done = System.nanoTime() - createdAt.get() >= RUNNING_FOR.toNanos();
          return json(run(done ? "COMPLETE" : "RUNNING", done));
        }
        return new MockResponse.Builder().code(404).body("{\"message\":\"no\"}").build();
      }
    };
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static String run(String status, boolean withPr) {
    return "{\"id\":86753,\"organization_id\":1234,\"status\":\""
        + status
        + "\",\"web_url\":\"https://codegen.com/agent/trace/86753\",\"result\":null,"
        + "\"source_type\":\"API\",\"github_pull_requests\":"
        + (withPr
            ? "[{\"id\":1,\"url\":\"https://github.com/acme/widgets/pull/418\","
                + "\"created_at\":\"2026-11-25T10:01:00\"}]"
            : "[]")
        + ",\"metadata\":{}}";
  }
}
