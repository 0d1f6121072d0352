package dev.prflow.worker;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.StatsReporter;
import com.uber.m3.util.Duration;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Temporal's tally metrics into Micrometer: counters, gauges and timers as the SDK's {@link
 * MicrometerClientStatsReporter} maps them, and histograms (which that reporter drops) as
 * Micrometer distributions with the tally buckets as their Prometheus buckets. Workflows count with
 * tally ({@code Workflow.getMetricsScope()}), so {@code prflow_task_attempts} needs the histograms.
 */
final class TallyReporter implements StatsReporter {

  private final MeterRegistry registry;
  private final MicrometerClientStatsReporter delegate;

  private record TimerKey(String name, Map<String, String> tags) {}

  /** The SDK's timers, kept per name and tag set ({@link #reportTimer}). */
  private final Map<TimerKey, Timer> timers = new ConcurrentHashMap<>();

  TallyReporter(MeterRegistry registry) {
    this.registry = registry;
    this.delegate = new MicrometerClientStatsReporter(registry);
  }

  @Override
  public Capabilities capabilities() {
    return delegate.capabilities();
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  /** The registry outlives the scope (the API may still serve it), so it is not closed here. */
  @Override
  public void close() {}

  @Override
  public void reportCounter(String name, Map<String, String> tags, long value) {
    delegate.reportCounter(name, own(name, tags), value);
  }

  @Override
  public void reportGauge(String name, Map<String, String> tags, double value) {
    delegate.reportGauge(name, tags, value);
  }

  /**
   * The SDK reports a timer for every poll and task; building and looking up its meter id each time
   * was a measurable share of a busy worker's CPU (bench/run P1), so the timer is kept per name and
   * tag set (tally hands the same few tag maps over and over).
   */
  @Override
  public void reportTimer(String name, Map<String, String> tags, Duration interval) {
    timers
        .computeIfAbsent(
            new TimerKey(name, tags == null ? Map.of() : tags),
            k ->
                Timer.builder(k.name())
                    .tags(tags(k.tags()))
                    .publishPercentileHistogram(true)
                    .register(registry))
        .record(interval.getNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Tally's buckets are {@code [lower, upper)}: each sample is recorded at its bucket's lower bound
   * (its upper bound in the first bucket, which has none), exact for the whole numbers prflow
   * records ({@code prflow_task_attempts}).
   */
  @Override
  public void reportHistogramValueSamples(
      String name,
      Map<String, String> tags,
      Buckets buckets,
      double bucketLowerBound,
      double bucketUpperBound,
      long samples) {
    Double[] bounds = buckets.asValues();
    double[] slos = new double[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      slos[i] = bounds[i];
    }
    DistributionSummary summary =
        DistributionSummary.builder(name)
            .tags(tags(own(name, tags)))
            .serviceLevelObjectives(slos)
            .register(registry);
    double value = Double.isInfinite(bucketLowerBound) ? bucketUpperBound : bucketLowerBound;
    for (long i = 0; i < samples; i++) {
      summary.record(value);
    }
  }

  @Override
  public void reportHistogramDurationSamples(
      String name,
      Map<String, String> tags,
      Buckets buckets,
      Duration bucketLowerBound,
      Duration bucketUpperBound,
      long samples) {
    Duration[] bounds = buckets.asDurations();
    java.time.Duration[] slos = new java.time.Duration[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      slos[i] = java.time.Duration.ofNanos(bounds[i].getNanos());
    }
    Timer timer =
        Timer.builder(name).tags(tags(tags)).serviceLevelObjectives(slos).register(registry);
    Duration value =
        Duration.MIN_VALUE.equals(bucketLowerBound) ? bucketUpperBound : bucketLowerBound;
    for (long i = 0; i < samples; i++) {
      timer.record(value.getNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /**
   * prflow's own counts ({@code prflow_*}) without the SDK's placeholder tags ({@code
   * activity_type="none"} and the like): namespace, task queue, workflow type and their own tags.
   */
  static Map<String, String> own(String name, Map<String, String> tags) {
    if (tags == null || !name.startsWith("prflow_")) {
      return tags;
    }
    Map<String, String> kept = new java.util.LinkedHashMap<>();
    tags.forEach(
        (k, v) -> {
          if (v != null && !v.equals("none")) {
            kept.put(k, v);
          }
        });
    return kept;
  }

  private static List<Tag> tags(Map<String, String> tags) {
    List<Tag> list = new ArrayList<>();
    if (tags != null) {
      tags.forEach((k, v) -> list.add(Tag.of(k, v == null ? "" : v)));
    }
    return list;
  }
}
