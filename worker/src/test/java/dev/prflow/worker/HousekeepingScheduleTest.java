package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.HousekeepingActivitiesImpl;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.RetentionStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.workflows.HousekeepingWorkflowImpl;
import dev.prflow.workflows.model.HousekeepingRequest;
import dev.prflow.workflows.model.PruneResult;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.WorkerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The housekeeping schedule on the real Temporal dev server (the temporal CLI's; skipped, saying
 * so, without one), and the worker's start on servers that have no schedules.
 */
class HousekeepingScheduleTest {

  @TempDir Path home;

  @Test
  void theScheduleIsCreatedThenUpdatedInPlaceAndItsRunPrunes() throws Exception {
    Optional<Path> cli = RealServerEndToEndTest.findCli();
    Assumptions.assumeTrue(cli.isPresent(), "no temporal CLI: the real-server schedule test");
    PrflowConfig config =
        PrflowConfig.from(
            Map.of(
                "PRFLOW_HOME",
                home.toString(),
                "PRFLOW_TEMPORAL_CLI",
                cli.get().toString(),
                "PRFLOW_TASK_QUEUE",
                "housekeeping-e2e",
                "PRFLOW_RETENTION",
                "30d"));
    try (TemporalRuntime temporal = TemporalLauncher.launch(config, 0, false, line -> {});
        Database db = TestPostgres.freshDatabase()) {
      assertThat(temporal.kind()).isEqualTo("cli");
      WorkflowClient client = temporal.client();

      assertThat(HousekeepingSchedule.ensure(temporal, config))
          .isEqualTo(
              "housekeeping: schedule prflow-housekeeping created, every 1h, keeping 30d"
                  + " (PRFLOW_RETENTION)");
      ScheduleHandle handle =
          ScheduleClient.newInstance(temporal.stubs()).getHandle(HousekeepingSchedule.SCHEDULE_ID);
      handle.pause("an operator paused it");

      // A worker started later with another retention brings the schedule up to date, paused.
      assertThat(HousekeepingSchedule.ensure(client, "housekeeping-e2e", Duration.ofDays(7)))
          .isEqualTo("updated");
      ScheduleDescription described = handle.describe();
      assertThat(request(described).retentionSeconds()).isEqualTo(Duration.ofDays(7).toSeconds());
      assertThat(described.getSchedule().getSpec().getIntervals().get(0).getEvery())
          .isEqualTo(Duration.ofHours(1));
      assertThat(described.getSchedule().getPolicy().getOverlap())
          .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
      assertThat(described.getSchedule().getState().isPaused()).isTrue();

      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "insert into webhook_deliveries (delivery_id, event, received_at) values"
                          + " ('old', 'ping', now() - interval '8 days'), ('new', 'ping', now())"));
      WorkerFactory factory = WorkerFactory.newInstance(client);
      var worker = factory.newWorker("housekeeping-e2e");
      worker.registerWorkflowImplementationTypes(HousekeepingWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          new HousekeepingActivitiesImpl(new RetentionStore(db.jdbi())));
      factory.start();
      try {
        handle.trigger();
        String workflowId = firstStartedWorkflow(handle);
        assertThat(workflowId).startsWith("prflow-housekeeping");
        PruneResult result =
            client
                .newUntypedWorkflowStub(workflowId)
                .getResult(60, TimeUnit.SECONDS, PruneResult.class);
        assertThat(result.webhookDeliveries()).isEqualTo(1);
        List<String> left =
            db.jdbi()
                .withHandle(
                    h ->
                        h.createQuery("select delivery_id from webhook_deliveries")
                            .mapTo(String.class)
                            .list());
        assertThat(left).containsExactly("new");
      } finally {
        factory.shutdownNow();
        factory.awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void theInMemoryServerIsSkippedWithANote() {
    TemporalRuntime inMemory =
        new TemporalRuntime("in-memory", "127.0.0.1:0", null, null, null, null);

    assertThat(HousekeepingSchedule.ensure(inMemory, PrflowConfig.from(Map.of())))
        .startsWith("housekeeping: Temporal's in-memory server has no schedules");
  }

  @Test
  void aServerWithoutSchedulesDoesNotStopTheWorker() {
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      TemporalRuntime noSchedules =
          new TemporalRuntime(
              "external",
              "test-server",
              null,
              env.getWorkflowServiceStubs(),
              env.getWorkflowClient(),
              null);

      assertThat(HousekeepingSchedule.ensure(noSchedules, PrflowConfig.from(Map.of())))
          .isEqualTo("housekeeping: this Temporal server has no schedules, nothing is pruned");
    }
  }

  private static HousekeepingRequest request(ScheduleDescription description) {
    ScheduleActionStartWorkflow action =
        (ScheduleActionStartWorkflow) description.getSchedule().getAction();
    return action.getArguments().get(0, HousekeepingRequest.class);
  }

  private static String firstStartedWorkflow(ScheduleHandle handle) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      List<ScheduleActionResult> recent = handle.describe().getInfo().getRecentActions();
      if (!recent.isEmpty()) {
        return ((ScheduleActionExecutionStartWorkflow) recent.get(0).getAction()).getWorkflowId();
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the triggered schedule started no workflow within 30 s");
  }
}
