package dev.prflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What /proc and jcmd say about a process: RSS, CPU time, heap after a full GC. */
final class Procs {
  private static final double TICKS = 100.0; // USER_HZ on Linux
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

  private Procs() {}

  /** Resident set size in MiB. */
  static double rssMb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
      }
    }
    throw new IOException("no VmRSS for " + pid);
  }

  /** CPU seconds: {self user+sys, reaped children user+sys}. */
  static double[] cpu(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // f[0] is field 3 (state): utime is field 14 -> f[11]
      double self = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
      double children = (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS;
      return new double[] {self, children};
    } catch (IOException | RuntimeException e) {
      return new double[] {0, 0};
    }
  }

  /** CPU seconds of a process, its live descendants and every child it reaped. */
  static double treeCpu(long pid) {
    if (pid <= 0) {
      return 0;
    }
    double[] own = cpu(pid);
    double total = own[0] + own[1];
    for (long child : children(pid)) {
      total += treeCpu(child);
    }
    return total;
  }

  static List<Long> children(long pid) {
    List<Long> out = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        Path file = task.resolve("children");
        if (Files.exists(file)) {
          for (String s : Files.readString(file).trim().split("\\s+")) {
            if (!s.isEmpty()) {
              out.add(Long.parseLong(s));
            }
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process ended meanwhile
    }
    return out;
  }

  /** Runs a full GC in the process and answers the heap in use afterwards, in MiB. */
  static double heapAfterGcMb(long pid) throws Exception {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher m = HEAP_USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("GC.heap_info said: " + info);
    }
    return Long.parseLong(m.group(1)) / 1024.0;
  }

  static String jcmd(long pid, String command) throws Exception {
    Process p =
        new ProcessBuilder(
                "jcmd", "-J-Dsun.tools.attach.attachTimeout=120000", String.valueOf(pid), command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd " + pid + " " + command + ": " + out);
    }
    return out;
  }
}
