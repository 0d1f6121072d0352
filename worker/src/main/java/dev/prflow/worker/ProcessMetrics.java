package dev.prflow.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * One Prometheus registry per process (per {@link Stack}): the API, the worker's activities and
 * Temporal's SDK (through a tally scope set on the service stubs) all record into it, so one scrape
 * shows them all. The tally scope reports to the registry every {@link #REPORT_EVERY_SECONDS}
 * seconds: a workflow's counts reach {@code /metrics} within that long.
 */
public final class ProcessMetrics implements AutoCloseable {

  static final double REPORT_EVERY_SECONDS = 1;

  private final PrometheusMeterRegistry registry;
  private final Scope temporalScope;

  public ProcessMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    temporalScope =
        new RootScopeBuilder()
            .reporter(new TallyReporter(registry))
            .reportEvery(com.uber.m3.util.Duration.ofSeconds(REPORT_EVERY_SECONDS));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The scope for {@code WorkflowServiceStubsOptions.setMetricsScope}. */
  public Scope temporalScope() {
    return temporalScope;
  }

  /** Reports what tally still holds, then stops its reporting thread. */
  @Override
  public void close() {
    try {
      temporalScope.close();
    } catch (com.uber.m3.tally.ScopeCloseException e) {
      System.err.println("prflow: closing the metrics scope failed: " + e.getMessage());
    }
  }
}
