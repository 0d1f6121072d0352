package dev.prflow.worker;

import dev.prflow.activities.AgentActivitiesImpl;
import dev.prflow.activities.NotifyActivitiesImpl;
import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.TestRun;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Times the agent and test activities and counts notification deliveries, around each execution (so
 * a retried activity is one more run; the per-task counts live in the workflows): {@code
 * prflow_agent_run_seconds{agent,outcome}}, {@code prflow_test_run_seconds{outcome}}, {@code
 * prflow_notifications_total{outcome}}.
 */
final class ActivityMetricsInterceptor extends WorkerInterceptorBase {

  static final String AGENT_RUN = "prflow_agent_run";
  static final String TEST_RUN = "prflow_test_run";
  static final String NOTIFICATIONS = "prflow_notifications";

  private final MeterRegistry registry;
  private final String localAgent;

  /**
   * @param localAgent the agent that runs tasks on {@code local:} repositories ({@code
   *     PRFLOW_AGENT}); GitHub tasks always run with {@code codegen}
   */
  ActivityMetricsInterceptor(MeterRegistry registry, String localAgent) {
    this.registry = registry;
    this.localAgent = localAgent;
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private String type;

      @Override
      public void init(ActivityExecutionContext context) {
        type = context.getInfo().getActivityType();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        if (!"runAgent".equals(type) && !"runTests".equals(type) && !"notify".equals(type)) {
          return super.execute(input);
        }
        long start = System.nanoTime();
        try {
          ActivityOutput output = super.execute(input);
          record(type, input, output.getResult(), null, System.nanoTime() - start);
          return output;
        } catch (RuntimeException e) {
          record(type, input, null, e, System.nanoTime() - start);
          throw e;
        }
      }
    };
  }

  private void record(
      String type,
      ActivityInboundCallsInterceptor.ActivityInput input,
      Object result,
      RuntimeException failure,
      long nanos) {
    switch (type) {
      case "runAgent" ->
          timer(AGENT_RUN, Duration.ofHours(2))
              .tags("agent", agent(input), "outcome", agentOutcome(failure))
              .register(registry)
              .record(nanos, TimeUnit.NANOSECONDS);
      case "runTests" ->
          timer(TEST_RUN, Duration.ofHours(1))
              .tags("outcome", testOutcome(result, failure))
              .register(registry)
              .record(nanos, TimeUnit.NANOSECONDS);
      default -> registry.counter(NOTIFICATIONS, "outcome", notifyOutcome(failure)).increment();
    }
  }

  private static Timer.Builder timer(String name, Duration longest) {
    return Timer.builder(name)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(50))
        .maximumExpectedValue(longest);
  }

  private String agent(ActivityInboundCallsInterceptor.ActivityInput input) {
    Object[] args = input.getArguments();
    if (args != null
        && args.length > 0
        && args[0] instanceof AgentRunRequest request
        && request.task() != null
        && request.task().repository() != null
        && request.task().repository().startsWith("github:")) {
      return "codegen";
    }
    return localAgent;
  }

  static String agentOutcome(RuntimeException failure) {
    if (failure == null) {
      return "succeeded";
    }
    if (cancelled(failure)) {
      return "cancelled";
    }
    String type = failure instanceof ApplicationFailure app ? app.getType() : null;
    if (AgentActivitiesImpl.NO_CHANGES.equals(type)) {
      return "no_changes";
    }
    if (AgentActivitiesImpl.MISCONFIGURED.equals(type)) {
      return "misconfigured";
    }
    return AgentActivitiesImpl.FAILED.equals(type) ? "failed" : "error";
  }

  static String testOutcome(Object result, RuntimeException failure) {
    if (failure != null) {
      return cancelled(failure) ? "cancelled" : "error";
    }
    return result instanceof TestRun run && run.status() != null ? run.status() : "error";
  }

  static String notifyOutcome(RuntimeException failure) {
    if (failure == null) {
      return "delivered";
    }
    if (cancelled(failure)) {
      return "cancelled";
    }
    return failure instanceof ApplicationFailure app
            && NotifyActivitiesImpl.REJECTED.equals(app.getType())
        ? "rejected"
        : "failed";
  }

  private static boolean cancelled(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure || t instanceof ActivityCanceledException) {
        return true;
      }
    }
    return false;
  }
}
