package dev.prflow.api.load;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small load driver for {@code POST /api/v1/tasks} (issue 11, P2): N platform threads post tasks
 * as fast as they can, and the same N threads run bare {@code WorkflowClient.start}s against the
 * same Temporal server as a baseline. Reports throughput, p50 and p99 per level.
 *
 * <p>Environment: {@code LOAD_API} (http://127.0.0.1:8080), {@code LOAD_KEY} (an API key whose rate
 * limit will not throttle the run), {@code LOAD_REPO} (a {@code local:} or {@code github:}
 * repository the API accepts), {@code LOAD_TEMPORAL} (127.0.0.1:7233), {@code LOAD_NAMESPACE}
 * (default), {@code LOAD_CLIENTS} (8,32), {@code LOAD_REQUESTS} (requests per level, 400).
 */
public final class PostLoadDriver {

  private PostLoadDriver() {}

  /** One request; returns false when it failed. */
  interface Call {
    boolean run(int i) throws Exception;
  }

  record Result(String name, int clients, int requests, int failures, double perSecond, long[] ms) {
    double percentile(double p) {
      long[] sorted = ms.clone();
      Arrays.sort(sorted);
      return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1000.0;
    }

    String line() {
      return String.format(
          Locale.ROOT,
          "%-6s clients=%-3d n=%-5d failed=%-3d %7.1f/s  p50 %7.1f ms  p99 %7.1f ms  p99/p50 %.2f",
          name,
          clients,
          requests,
          failures,
          perSecond,
          percentile(0.50),
          percentile(0.99),
          percentile(0.99) / percentile(0.50));
    }
  }

  public static void main(String[] args) throws Exception {
    String api = env("LOAD_API", "http://127.0.0.1:8080");
    String key = env("LOAD_KEY", null);
    String repo = env("LOAD_REPO", null);
    String temporal = env("LOAD_TEMPORAL", "127.0.0.1:7233");
    String namespace = env("LOAD_NAMESPACE", "default");
    int requests = Integer.parseInt(env("LOAD_REQUESTS", "400"));
    List<Integer> levels =
        Arrays.stream(env("LOAD_CLIENTS", "8,32").split(",")).map(Integer::parseInt).toList();
    boolean withRaw = !"off".equals(env("LOAD_RAW", "on"));
    if (key == null || repo == null) {
      throw new IllegalArgumentException("set LOAD_KEY and LOAD_REPO");
    }
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    String body =
        "{\"title\":\"load probe\",\"description\":\"measures the POST path\",\"repository\":\""
            + repo
            + "\",\"requirements\":[\"answer fast\"],\"acceptance_criteria\":[\"p99 low\"]}";
    Call post =
        i -> {
          HttpResponse<Void> r =
              http.send(
                  HttpRequest.newBuilder(URI.create(api + "/api/v1/tasks"))
                      .header("Content-Type", "application/json")
                      .header("Authorization", "Bearer " + key)
                      .timeout(Duration.ofSeconds(30))
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.discarding());
          return r.statusCode() == 201;
        };
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(temporal).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    String run = UUID.randomUUID().toString().substring(0, 8);
    Call raw =
        i -> {
          client
              .newUntypedWorkflowStub(
                  "LoadProbe",
                  WorkflowOptions.newBuilder()
                      .setWorkflowId("load-" + run + "-" + i)
                      .setTaskQueue("load-probe-nobody-polls")
                      .setWorkflowExecutionTimeout(Duration.ofMinutes(1))
                      .build())
              .start();
          return true;
        };
    AtomicInteger ids = new AtomicInteger();
    // Warm both paths (JIT, connections, caches) before measuring.
    measure("warm", 8, 80, post, ids);
    if (withRaw) {
      measure("warm", 8, 80, raw, ids);
    }
    List<String> lines = new ArrayList<>();
    for (int clients : levels) {
      Result p = measure("POST", clients, requests, post, ids);
      lines.add(p.line());
      System.out.println(p.line());
      if (withRaw) {
        Result r = measure("raw", clients, requests, raw, ids);
        lines.add(r.line());
        System.out.println(r.line());
        System.out.printf(
            Locale.ROOT,
            "ratio POST/raw at %d clients: %.2f%n",
            clients,
            p.perSecond / r.perSecond);
      }
    }
    stubs.shutdownNow();
  }

  static Result measure(String name, int clients, int requests, Call call, AtomicInteger ids)
      throws InterruptedException {
    long[] micros = new long[requests];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(clients);
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  for (int i; (i = next.getAndIncrement()) < requests; ) {
                    long t0 = System.nanoTime();
                    boolean ok;
                    try {
                      ok = call.run(ids.incrementAndGet());
                    } catch (Exception e) {
                      ok = false;
                    }
                    micros[i] = (System.nanoTime() - t0) / 1000;
                    if (!ok) {
                      failures.incrementAndGet();
                    }
                  }
                } finally {
                  done.countDown();
                }
              },
              "load-" + c);
      t.start();
    }
    done.await();
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(name, clients, requests, failures.get(), requests / seconds, micros);
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
