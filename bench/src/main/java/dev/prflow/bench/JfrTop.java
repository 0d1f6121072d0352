package dev.prflow.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of the worker: CPU samples (jdk.ExecutionSample) and samples of
 * threads in native code (jdk.NativeMethodSample: socket reads, process waits) by the first frame
 * that belongs to a known area, plus the top self frames.
 */
final class JfrTop {
  private static final Map<String, String> AREAS = new LinkedHashMap<>();

  static {
    AREAS.put("org.postgresql.", "PostgreSQL (JDBC, Jdbi, pool)");
    AREAS.put("org.jdbi.", "PostgreSQL (JDBC, Jdbi, pool)");
    AREAS.put("com.zaxxer.", "PostgreSQL (JDBC, Jdbi, pool)");
    AREAS.put("org.flywaydb.", "Flyway (start-up)");
    AREAS.put("java.lang.ProcessImpl", "child processes (git, bwrap, agent, test)");
    AREAS.put("java.lang.ProcessHandleImpl", "child processes (git, bwrap, agent, test)");
    AREAS.put("dev.prflow.activities.process.", "child processes (git, bwrap, agent, test)");
    AREAS.put("net.sourceforge.pmd.", "PMD review");
    AREAS.put("dev.prflow.activities.security.", "secret and risk scan");
    AREAS.put("com.fasterxml.jackson.", "JSON (Jackson)");
    AREAS.put("io.temporal.internal.sync.", "Temporal SDK: workflow code and replay");
    AREAS.put("io.temporal.internal.replay.", "Temporal SDK: workflow code and replay");
    AREAS.put("io.temporal.internal.statemachines.", "Temporal SDK: workflow code and replay");
    AREAS.put("io.temporal.", "Temporal SDK: polling, gRPC, other");
    AREAS.put("io.grpc.", "Temporal SDK: polling, gRPC, other");
    AREAS.put("com.google.protobuf.", "Temporal SDK: polling, gRPC, other");
    AREAS.put("org.eclipse.jetty.", "HTTP (Jetty, Javalin)");
    AREAS.put("io.javalin.", "HTTP (Jetty, Javalin)");
    AREAS.put("dev.prflow.", "prflow's own code");
    AREAS.put("java.util.zip.", "JDK: zip (class loading)");
    AREAS.put("java.lang.ClassLoader", "JDK: class loading");
  }

  private JfrTop() {}

  static void run(Options o) throws Exception {
    Path file = Path.of(o.get("jfr"));
    String figure = o.get("figure", "P1");
    Map<String, Integer> cpuAreas = new HashMap<>();
    Map<String, Integer> nativeAreas = new HashMap<>();
    Map<String, Integer> topFrames = new HashMap<>();
    int cpu = 0;
    int nat = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      if (e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      if (type.equals("jdk.ExecutionSample")) {
        cpu++;
        cpuAreas.merge(area(frames), 1, Integer::sum);
        RecordedFrame top = frames.get(0);
        topFrames.merge(
            top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
      } else if (type.equals("jdk.NativeMethodSample")) {
        nat++;
        nativeAreas.merge(area(frames), 1, Integer::sum);
      }
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "JFR profile of the worker (`settings=profile`, whole process life): %d CPU samples, %d native-wait samples.%n%n",
            cpu,
            nat));
    sb.append(
        "| area (first known frame from the top of the stack) | CPU samples | threads waiting in native code |\n|---|---|---|\n");
    Map<String, Integer> all = new HashMap<>(cpuAreas);
    nativeAreas.forEach((k, v) -> all.merge(k, 0, Integer::sum));
    int cpuTotal = Math.max(1, cpu);
    int natTotal = Math.max(1, nat);
    all.entrySet().stream()
        .sorted(
            (a, b) ->
                Integer.compare(
                    cpuAreas.getOrDefault(b.getKey(), 0), cpuAreas.getOrDefault(a.getKey(), 0)))
        .forEach(
            a ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %.0f%% | %.0f%% |%n",
                        a.getKey(),
                        100.0 * cpuAreas.getOrDefault(a.getKey(), 0) / cpuTotal,
                        100.0 * nativeAreas.getOrDefault(a.getKey(), 0) / natTotal)));
    sb.append("\nTop self frames (CPU samples):\n\n| frame | share |\n|---|---|\n");
    topFrames.entrySet().stream()
        .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
        .limit(12)
        .forEach(
            t ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        "| `%s` | %.1f%% |%n",
                        t.getKey(),
                        100.0 * t.getValue() / cpuTotal)));
    Notes.print(figure, sb.toString());
  }

  private static String area(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      if (f.getMethod() == null || f.getMethod().getType() == null) {
        continue;
      }
      String name = f.getMethod().getType().getName();
      for (var a : AREAS.entrySet()) {
        if (name.startsWith(a.getKey())) {
          return a.getValue();
        }
      }
    }
    String top = frames.get(0).getMethod().getType().getName();
    int dot = top.lastIndexOf('.');
    return "other: " + (dot > 0 ? top.substring(0, dot) : top);
  }
}
