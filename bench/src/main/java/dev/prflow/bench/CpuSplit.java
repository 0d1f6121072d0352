package dev.prflow.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** CPU seconds per process of the topology over one phase, from /proc. */
final class CpuSplit {
  private final Map<String, Long> pids = new LinkedHashMap<>();
  private final Map<String, Double> before = new LinkedHashMap<>();

  CpuSplit(Options o) {
    put("prflow worker (JVM)", o.pid("worker-pid"));
    put("worker's child processes (git, bwrap, agent, test)", -o.pid("worker-pid"));
    put("prflow api (JVM)", o.pid("api-pid"));
    put("PostgreSQL (all backends)", o.pid("pg-pid"));
    put("temporal dev server", o.pid("temporal-pid"));
    put("bench driver (this JVM)", ProcessHandle.current().pid());
  }

  private void put(String name, long pid) {
    if (pid != -1 && pid != 1) {
      pids.put(name, pid);
    }
  }

  private static double read(long pid) {
    if (pid < 0) { // the children of -pid: reaped and live
      double[] own = Procs.cpu(-pid);
      double live = 0;
      for (long child : Procs.children(-pid)) {
        live += Procs.treeCpu(child);
      }
      return own[1] + live;
    }
    if (pid == ProcessHandle.current().pid()) {
      return Procs.cpu(pid)[0];
    }
    double[] own = Procs.cpu(pid);
    double tree = Procs.treeCpu(pid);
    return pidIsJvm(pid) ? own[0] : tree;
  }

  private static boolean pidIsJvm(long pid) {
    return ProcessHandle.of(pid)
        .flatMap(h -> h.info().command())
        .map(c -> c.endsWith("java"))
        .orElse(false);
  }

  void start() {
    pids.forEach((name, pid) -> before.put(name, read(pid)));
  }

  String table(double wallSeconds) {
    StringBuilder sb = new StringBuilder();
    sb.append("| process | CPU s | share | cores busy over the phase |\n|---|---|---|---|\n");
    Map<String, Double> used = new LinkedHashMap<>();
    double total = 0;
    for (var e : pids.entrySet()) {
      double d = read(e.getValue()) - before.getOrDefault(e.getKey(), 0.0);
      used.put(e.getKey(), d);
      total += d;
    }
    for (var e : used.entrySet()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.0f%% | %.2f |\n",
              e.getKey(),
              e.getValue(),
              total == 0 ? 0 : 100 * e.getValue() / total,
              e.getValue() / wallSeconds));
    }
    sb.append(String.format(Locale.ROOT, "| all | %.1f | | %.2f |", total, total / wallSeconds));
    return sb.toString();
  }
}
