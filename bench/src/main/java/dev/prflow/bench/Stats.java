package dev.prflow.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a list of latencies in nanoseconds, reported in milliseconds. */
record Stats(int count, double p50Ms, double p99Ms, double maxMs) {

  static Stats of(List<Long> nanos) {
    long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    if (sorted.length == 0) {
      return new Stats(0, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Stats(
        sorted.length,
        at(sorted, 0.50) / 1e6,
        at(sorted, 0.99) / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }

  private static long at(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  String describe() {
    return "p50 " + Row.num(p50Ms) + " ms, p99 " + Row.num(p99Ms) + " ms";
  }
}
