package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.TaskRow;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import dev.prflow.activities.store.WorkflowExecutionStore;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A workflow start answers within {@link WorkflowStarter#START_DEADLINE} whatever the Temporal
 * frontend does, and a start that reaches the server after its caller gave up is harmless: the
 * reconciler finds it running and starts no second run.
 */
class WorkflowStarterDeadlineTest {

  /** The POST's promise (issue 9): stored and answered within 5 s while Temporal is away. */
  private static final long ANSWER_MILLIS = 5_000;

  private Database db;
  private TaskStore tasks;
  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeEach
  void database() {
    db = TestPostgres.freshDatabase();
    tasks = new TaskStore(db.jdbi());
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
    db.close();
  }

  @Test
  void aStartAgainstAFrontendThatAcceptsAndNeverAnswersFailsWithinTheDeadline() throws Exception {
    ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closing.add(silent);
    List<Socket> held = new ArrayList<>();
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  held.add(silent.accept()); // accepted, never answered
                }
              } catch (Exception closed) {
                // the test is over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();

    assertFailsInTime(starter(silent.getLocalPort()), task("black hole"));
    assertFailsInTime(starter(silent.getLocalPort()), task("black hole again"));
  }

  @Test
  void aStartWhereNothingListensFailsWithinTheDeadline() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    assertFailsInTime(starter(port), task("refused"));
  }

  @Test
  void aFrontendKilledMidFlightFailsTheStartInTimeAndTheReconcilerStartsItOnceItIsBack()
      throws Exception {
    int firstPort = freePort();
    TestServer.PortBoundTestServer first = frontend(firstPort);
    FreezableProxy frontend = new FreezableProxy(firstPort);
    closing.add(frontend);
    WorkflowStarter starter = starter(frontend.port());
    assertThat(starter.start(task("before the kill"))).isTrue();

    first.close();
    TaskRow during = task("while it is down");
    assertFailsInTime(starter, during);

    int secondPort = freePort();
    TestServer.PortBoundTestServer second = frontend(secondPort);
    closing.add(second);
    frontend.retarget(secondPort);
    PendingTaskReconciler reconciler = new PendingTaskReconciler(tasks, starter, Duration.ZERO);
    // The same client reconnects by itself; the reconciler retries until it does.
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    int started = reconciler.reconcileOnce();
    while (started == 0 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      started = reconciler.reconcileOnce();
    }
    assertThat(started).isPositive();
    assertThat(status(secondPort, during.workflowId()))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
  }

  @Test
  void aStartWhoseAnswerIsLostIsReportedLateAndTheReconcilerStartsNoSecondRun() throws Exception {
    int port = freePort();
    TestServer.PortBoundTestServer server = frontend(port);
    closing.add(server);
    FreezableProxy frontend = new FreezableProxy(port);
    closing.add(frontend);
    WorkflowStarter starter = starter(frontend.port());
    assertThat(starter.start(task("warms the connection"))).isTrue();

    frontend.freeze();
    TaskRow lost = task("answer lost");
    assertFailsInTime(starter, lost);
    // The server did start it: only the answer was lost.
    assertThat(status(port, lost.workflowId()))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    String runId = runId(port, lost.workflowId());

    frontend.thaw();
    assertThat(new PendingTaskReconciler(tasks, starter, Duration.ZERO).reconcileOnce())
        .as("both tasks already run: nothing to start")
        .isZero();
    assertThat(runId(port, lost.workflowId())).isEqualTo(runId);
    assertThat(tasks.find(lost.id()).orElseThrow().status()).isEqualTo("pending");
    int executions =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery(
                            "select count(*) from workflow_executions where workflow_id = :id")
                        .bind("id", lost.workflowId())
                        .mapTo(Integer.class)
                        .one());
    assertThat(executions).isEqualTo(1);
  }

  private void assertFailsInTime(WorkflowStarter starter, TaskRow task) {
    long started = System.nanoTime();
    assertThatThrownBy(() -> starter.start(task)).isInstanceOf(RuntimeException.class);
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat(millis).as("start of task %s", task.id()).isLessThan(ANSWER_MILLIS);
    assertThat(tasks.find(task.id()).orElseThrow().status()).isEqualTo("pending");
  }

  private TaskRow task(String title) {
    long id = TestTasks.insert(tasks, title, "github:acme/calc");
    return tasks.find(id).orElseThrow();
  }

  private WorkflowStarter starter(int port) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    closing.add(stubs::shutdownNow);
    return new WorkflowStarter(
        WorkflowClient.newInstance(stubs), "deadline", null, new WorkflowExecutionStore(db.jdbi()));
  }

  private WorkflowClient direct(int port) {
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    closing.add(stubs::shutdownNow);
    return WorkflowClient.newInstance(stubs);
  }

  private WorkflowExecutionStatus status(int port, String workflowId) {
    return direct(port).newUntypedWorkflowStub(workflowId).describe().getStatus();
  }

  private String runId(int port, String workflowId) {
    return direct(port).newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
  }

  /** A port-bound test server with prflow's search attributes, as {@code prflow dev} makes it. */
  private TestServer.PortBoundTestServer frontend(int port) {
    TestServer.PortBoundTestServer server = TestServer.createPortBoundServer(port);
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .validateAndBuildWithDefaults());
    try {
      operator
          .blockingStub()
          .addSearchAttributes(
              AddSearchAttributesRequest.newBuilder()
                  .setNamespace("default")
                  .putSearchAttributes("TaskStatus", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                  .putSearchAttributes("Repository", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                  .putSearchAttributes("Priority", IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                  .putSearchAttributes("Attempt", IndexedValueType.INDEXED_VALUE_TYPE_INT)
                  .build());
    } finally {
      operator.shutdownNow();
    }
    return server;
  }

  private static int freePort() throws Exception {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
