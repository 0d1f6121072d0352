package dev.prflow.bench;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * P5: {@code prflow dev} from exec to a 200 from /health, with the in-memory Temporal server and
 * with the temporal CLI's dev server; baselines: the same JVM and jar printing its version, and the
 * temporal CLI dev server alone from exec to healthy.
 */
final class StartTime {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

  private StartTime() {}

  static void run(Options o) throws Exception {
    String jar = o.get("jar");
    String cli = o.get("cli", "");
    int runs = o.integer("runs", 3);
    Path work = Path.of(o.get("work"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    double jvm = median(runs, i -> timeToExit(List.of(java, "-jar", jar, "--version")));
    double inMemory =
        median(
            runs, i -> devToReady(java, jar, work.resolve("p5-mem-" + i), "/nonexistent/temporal"));
    new Row(
            "P5 prflow dev to ready, in-memory Temporal",
            Row.num(inMemory) + " s",
            Row.num(jvm) + " s: the jar's JVM start (--version)",
            Row.ratio(inMemory / jvm),
            "≤ 5 s",
            Row.verdict(inMemory <= 5))
        .print();
    if (!cli.isEmpty() && new File(cli).canExecute()) {
      double server = median(runs, i -> temporalToHealthy(cli));
      double withCli = median(runs, i -> devToReady(java, jar, work.resolve("p5-cli-" + i), cli));
      new Row(
              "P5 prflow dev to ready, temporal CLI dev server",
              Row.num(withCli) + " s",
              Row.num(server) + " s: the dev server alone to healthy",
              Row.ratio(withCli / server),
              "≤ 8 s",
              Row.verdict(withCli <= 8))
          .print();
    } else {
      Notes.print("P5", "no temporal CLI: the CLI dev server figure was not measured");
    }
    Notes.print(
        "P5",
        "Median of "
            + runs
            + " starts each; `prflow dev` with neither DATABASE_URL nor TEMPORAL_ADDRESS (so the"
            + " time includes initdb of its own PostgreSQL cluster and Flyway), ready = the first"
            + " 200 from /health.");
  }

  interface Timed {
    double run(int i) throws Exception;
  }

  private static double median(int runs, Timed timed) throws Exception {
    List<Double> times = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      times.add(timed.run(i));
    }
    Collections.sort(times);
    return times.get(times.size() / 2);
  }

  private static double timeToExit(List<String> command) throws Exception {
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    p.waitFor(60, TimeUnit.SECONDS);
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double devToReady(String java, String jar, Path home, String cli)
      throws Exception {
    Files.createDirectories(home);
    int port = freePort();
    ProcessBuilder pb =
        new ProcessBuilder(java, "-jar", jar, "dev")
            .redirectErrorStream(true)
            .redirectOutput(home.resolve("dev.log").toFile());
    Map<String, String> env = pb.environment();
    env.remove("TEMPORAL_ADDRESS");
    env.remove("DATABASE_URL");
    env.put("PRFLOW_HOME", home.toString());
    env.put("PRFLOW_HTTP_PORT", String.valueOf(port));
    env.put("PRFLOW_TEMPORAL_CLI", cli);
    long t0 = System.nanoTime();
    Process p = pb.start();
    try {
      waitHealthy("http://127.0.0.1:" + port + "/health", p, home.resolve("dev.log"));
      return (System.nanoTime() - t0) / 1e9;
    } finally {
      stop(p);
    }
  }

  private static double temporalToHealthy(String cli) throws Exception {
    int port = freePort();
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(
                cli,
                "server",
                "start-dev",
                "--headless",
                "--ip",
                "127.0.0.1",
                "--port",
                String.valueOf(port),
                "--http-port",
                String.valueOf(freePort()),
                "--metrics-port",
                String.valueOf(freePort()),
                "--log-level",
                "error")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        Process h =
            new ProcessBuilder(
                    cli, "operator", "cluster", "health", "--address", "127.0.0.1:" + port)
                .redirectErrorStream(true)
                .start();
        String out = new String(h.getInputStream().readAllBytes());
        if (h.waitFor() == 0 && out.contains("SERVING")) {
          return (System.nanoTime() - t0) / 1e9;
        }
        Thread.sleep(50);
      }
      throw new IllegalStateException("temporal dev server not healthy in 60 s");
    } finally {
      stop(p);
    }
  }

  private static void waitHealthy(String url, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException("prflow dev exited: " + Files.readString(log));
      }
      try {
        HttpResponse<Void> r =
            HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not up yet
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("prflow dev not ready in 120 s: " + Files.readString(log));
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
    }
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
