package dev.prflow.activities;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.RetentionStore;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.activities.store.TestTasks;
import dev.prflow.workflows.HousekeepingWorkflow;
import dev.prflow.workflows.HousekeepingWorkflowImpl;
import dev.prflow.workflows.model.HousekeepingRequest;
import dev.prflow.workflows.model.PruneResult;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code Housekeeping} workflow with its real activity on Temporal's test server and a real
 * PostgreSQL: what is older than the retention goes, what is younger or still needed stays.
 */
class HousekeepingActivitiesTest {

  private static final long THIRTY_DAYS = Duration.ofDays(30).toSeconds();

  private Database db;
  private TestWorkflowEnvironment temporal;

  @BeforeEach
  void start() {
    db = TestPostgres.freshDatabase();
    temporal = TestWorkflowEnvironment.newInstance();
  }

  @AfterEach
  void stop() {
    temporal.close();
    db.close();
  }

  @Test
  void rowsOlderThanTheRetentionAreDeletedAndYoungerOnesKept() {
    long ended = endedTask();
    delivery("old-1", 40);
    delivery("old-2", 31);
    delivery("young", 29);
    testOutput("validate-old", 45);
    testOutput("validate-young", 1);
    notification(ended, "completed", 40);
    notification(ended, "failed", 2);

    PruneResult result = run(new HousekeepingActivitiesImpl(new RetentionStore(db.jdbi())), 500);

    assertThat(result).isEqualTo(new PruneResult(2, 1, 1, false));
    assertThat(ids("select delivery_id from webhook_deliveries")).containsExactly("young");
    assertThat(ids("select workflow_id from test_outputs")).containsExactly("validate-young");
    assertThat(ids("select event from notifications")).containsExactly("failed");
  }

  @Test
  void notificationsOfATaskStillRunningAreKeptHoweverOld() {
    long running = TestTasks.insert(new TaskStore(db.jdbi()), "awaiting approval", "local:/r");
    notification(running, "awaiting_approval", 90);

    PruneResult result = run(new HousekeepingActivitiesImpl(new RetentionStore(db.jdbi())), 500);

    assertThat(result.notifications()).isZero();
    assertThat(ids("select event from notifications")).containsExactly("awaiting_approval");
  }

  @Test
  void aBacklogIsDeletedInBoundedBatchesOverSeveralActivityCalls() {
    for (int i = 0; i < 5; i++) {
      delivery("old-" + i, 60);
    }
    // A zero budget: each activity call deletes one batch and hands back.
    HousekeepingActivitiesImpl oneBatchACall =
        new HousekeepingActivitiesImpl(
            new RetentionStore(db.jdbi()), Duration.ZERO, Clock.systemUTC());

    PruneResult result = run(oneBatchACall, 2);

    assertThat(result).isEqualTo(new PruneResult(5, 0, 0, false));
    assertThat(ids("select delivery_id from webhook_deliveries")).isEmpty();
    long calls =
        temporal.getWorkflowClient().fetchHistory("housekeeping-test").getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .count();
    assertThat(calls).as("2 + 2 + 1 rows, one batch per call").isEqualTo(3);
  }

  private PruneResult run(HousekeepingActivitiesImpl activities, int batchSize) {
    Worker worker = temporal.newWorker("housekeeping");
    worker.registerWorkflowImplementationTypes(HousekeepingWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities);
    temporal.start();
    HousekeepingWorkflow workflow =
        temporal
            .getWorkflowClient()
            .newWorkflowStub(
                HousekeepingWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue("housekeeping")
                    .setWorkflowId("housekeeping-test")
                    .build());
    return workflow.run(new HousekeepingRequest(THIRTY_DAYS, batchSize));
  }

  private long endedTask() {
    long id = TestTasks.insert(new TaskStore(db.jdbi()), "done", "local:/r");
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "update tasks set status = 'completed', completed_at = now() - interval '50"
                        + " days' where id = ?",
                    id));
    return id;
  }

  private void delivery(String id, int daysOld) {
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "insert into webhook_deliveries (delivery_id, event, received_at, outcome)"
                        + " values (?, 'ping', now() - make_interval(days => ?), 'ok')",
                    id,
                    daysOld));
  }

  private void testOutput(String workflowId, int daysOld) {
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "insert into test_outputs (workflow_id, output, created_at) values (?, 'PASS',"
                        + " now() - make_interval(days => ?))",
                    workflowId,
                    daysOld));
  }

  private void notification(long taskId, String event, int daysOld) {
    db.jdbi()
        .useHandle(
            h ->
                h.execute(
                    "insert into notifications (task_id, event, channel, status, created_at,"
                        + " updated_at) values (?, ?, 'webhook', 'delivered', now() -"
                        + " make_interval(days => ?), now() - make_interval(days => ?))",
                    taskId,
                    event,
                    daysOld,
                    daysOld));
  }

  private List<String> ids(String sql) {
    return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
  }
}
