package dev.prflow.worker;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lets a worker give memory back to the system. A worker's heap grows while tasks run and is mostly
 * garbage once they park (at the approval gate, say), but the JVM's defaults keep up to 70% of the
 * heap free after a collection, committed and resident, and never collect an idle JVM. So unless
 * the JVM was given them ({@code -XX:...} on the command line or in {@code JAVA_TOOL_OPTIONS}),
 * these manageable options are set at start: {@code MinHeapFreeRatio=10}, {@code
 * MaxHeapFreeRatio=30} and {@code G1PeriodicGCInterval=60000} (an idle worker collects once a
 * minute and uncommits what it no longer uses).
 */
final class HeapReturn {

  static final Map<String, String> OPTIONS = options();

  private HeapReturn() {}

  private static Map<String, String> options() {
    // Min before Max: the JVM refuses a MaxHeapFreeRatio below the MinHeapFreeRatio in force.
    Map<String, String> o = new LinkedHashMap<>();
    o.put("MinHeapFreeRatio", "10");
    o.put("MaxHeapFreeRatio", "30");
    o.put("G1PeriodicGCInterval", "60000");
    return o;
  }

  /** Sets the options the JVM was not given; returns the ones it set, as {@code name=value}. */
  static List<String> apply() {
    List<String> set = new ArrayList<>();
    HotSpotDiagnosticMXBean hotspot;
    try {
      hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    } catch (RuntimeException notHotSpot) {
      return set;
    }
    if (hotspot == null) {
      return set;
    }
    for (Map.Entry<String, String> option : OPTIONS.entrySet()) {
      try {
        VMOption current = hotspot.getVMOption(option.getKey());
        if (current.getOrigin() != VMOption.Origin.DEFAULT
            && current.getOrigin() != VMOption.Origin.ERGONOMIC) {
          continue; // the operator's choice stands
        }
        hotspot.setVMOption(option.getKey(), option.getValue());
        set.add(option.getKey() + "=" + option.getValue());
      } catch (RuntimeException unsupported) {
        // another JVM, or a value it refuses: its defaults stay
      }
    }
    return set;
  }
}
