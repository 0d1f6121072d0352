package dev.prflow.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs {@code n} calls from {@code clients} threads and keeps each call's latency. */
final class Load {
  /** One call; returns normally when it succeeded. */
  interface Call {
    void run(int index) throws Exception;
  }

  record Result(double seconds, List<Long> latencies, int failures, String firstFailure) {
    double perSecond() {
      return latencies.size() / seconds;
    }
  }

  private Load() {}

  static Result run(int n, int clients, Call call) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>(n));
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    String[] firstFailure = {null};
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long start = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      futures.add(
          pool.submit(
              () -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                  long t0 = System.nanoTime();
                  try {
                    call.run(i);
                    latencies.add(System.nanoTime() - t0);
                  } catch (Exception e) {
                    failures.incrementAndGet();
                    synchronized (firstFailure) {
                      if (firstFailure[0] == null) {
                        firstFailure[0] = String.valueOf(e.getMessage());
                      }
                    }
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    return new Result(seconds, latencies, failures.get(), firstFailure[0]);
  }
}
