package dev.prflow.worker;

import dev.prflow.workflows.HousekeepingWorkflow;
import dev.prflow.workflows.HousekeepingWorkflowImpl;
import dev.prflow.workflows.model.HousekeepingRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.List;

/**
 * The Temporal Schedule that runs {@code Housekeeping} every {@link #INTERVAL}. Every worker makes
 * sure of it at start: it creates the schedule, or, when it exists, brings its interval, retention
 * and task queue up to date (keeping its state, so a schedule an operator paused stays paused).
 * Several workers starting together are harmless: one creates, the others update to the same.
 */
public final class HousekeepingSchedule {

  public static final String SCHEDULE_ID = "prflow-housekeeping";

  /** Each run deletes in bounded batches, so an hourly run keeps every batch small. */
  public static final Duration INTERVAL = Duration.ofHours(1);

  /** Id of the workflows the schedule starts (Temporal appends the scheduled time). */
  static final String WORKFLOW_ID = "prflow-housekeeping";

  private HousekeepingSchedule() {}

  /**
   * Creates or updates the schedule on {@code temporal}; returns a line for the console. Never
   * fails the worker's start: Temporal's in-memory server has no schedules (nothing is pruned
   * there, and its data dies with the process), and any other refusal is reported as a warning.
   */
  public static String ensure(TemporalRuntime temporal, PrflowConfig config) {
    if ("in-memory".equals(temporal.kind())) {
      return "housekeeping: Temporal's in-memory server has no schedules, nothing is pruned"
          + " (the temporal CLI's dev server or a real Temporal runs it)";
    }
    try {
      String done = ensure(temporal.client(), config.taskQueue(), config.retention());
      return "housekeeping: schedule "
          + SCHEDULE_ID
          + " "
          + done
          + ", every "
          + human(INTERVAL)
          + ", keeping "
          + human(config.retention())
          + " (PRFLOW_RETENTION)";
    } catch (RuntimeException e) {
      if (unimplemented(e)) {
        return "housekeeping: this Temporal server has no schedules, nothing is pruned";
      }
      return "warning: housekeeping schedule "
          + SCHEDULE_ID
          + " not set up: "
          + Stack.rootMessage(e);
    }
  }

  private static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StatusRuntimeException s
          && s.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }

  /** Creates the schedule or updates it; answers {@code created} or {@code updated}. */
  static String ensure(WorkflowClient client, String taskQueue, Duration retention) {
    ScheduleClient schedules =
        ScheduleClient.newInstance(
            client.getWorkflowServiceStubs(),
            ScheduleClientOptions.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setDataConverter(client.getOptions().getDataConverter())
                .build());
    Schedule wanted = schedule(taskQueue, retention);
    try {
      schedules.createSchedule(SCHEDULE_ID, wanted, ScheduleOptions.newBuilder().build());
      return "created";
    } catch (ScheduleAlreadyRunningException exists) {
      schedules
          .getHandle(SCHEDULE_ID)
          .update(
              current ->
                  new ScheduleUpdate(
                      Schedule.newBuilder(current.getDescription().getSchedule())
                          .setAction(wanted.getAction())
                          .setSpec(wanted.getSpec())
                          .setPolicy(wanted.getPolicy())
                          .build()));
      return "updated";
    }
  }

  /** A duration in the grammar people write: {@code 30d}, {@code 36h}, {@code 90m}. */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3_600 == 0) {
      return s / 3_600 + "h";
    }
    return s % 60 == 0 ? s / 60 + "m" : s + "s";
  }

  static Schedule schedule(String taskQueue, Duration retention) {
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(HousekeepingWorkflow.class)
                .setArguments(
                    new HousekeepingRequest(
                        retention.toSeconds(), HousekeepingWorkflowImpl.DEFAULT_BATCH_SIZE))
                .setOptions(
                    WorkflowOptions.newBuilder()
                        .setWorkflowId(WORKFLOW_ID)
                        .setTaskQueue(taskQueue)
                        .setWorkflowExecutionTimeout(Duration.ofHours(1))
                        .build())
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setIntervals(List.of(new ScheduleIntervalSpec(INTERVAL)))
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(INTERVAL)
                .build())
        .build();
  }
}
