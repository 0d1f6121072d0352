package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WorkerMemoryTest {

  @Test
  void workflowCacheDefaultsTo200AndIsReadStrictly() {
    assertThat(PrflowConfig.from(Map.of()).workflowCache()).isEqualTo(600);
    assertThat(PrflowConfig.from(Map.of("PRFLOW_WORKFLOW_CACHE", "0")).workflowCache()).isZero();
    assertThat(PrflowConfig.from(Map.of("PRFLOW_WORKFLOW_CACHE", " 50 ")).workflowCache())
        .isEqualTo(50);
    for (String bad : new String[] {"-1", "10001", "lots"}) {
      assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_WORKFLOW_CACHE", bad)))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "PRFLOW_WORKFLOW_CACHE must be an integer from 0 to 10000, not " + bad.strip());
    }
  }

  @Test
  void aWorkerReturnsFreeHeapUnlessTheJvmWasToldOtherwise() {
    HotSpotDiagnosticMXBean hotspot =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    // An operator's choice (here made at run time, as -XX: on the command line would be) stands.
    hotspot.setVMOption("G1PeriodicGCInterval", "120000");

    HeapReturn.apply();

    assertThat(hotspot.getVMOption("G1PeriodicGCInterval").getValue()).isEqualTo("120000");
    for (String option : new String[] {"MinHeapFreeRatio", "MaxHeapFreeRatio"}) {
      var value = hotspot.getVMOption(option);
      if (value.getOrigin() == com.sun.management.VMOption.Origin.MANAGEMENT) {
        assertThat(value.getValue()).isEqualTo(HeapReturn.OPTIONS.get(option));
      }
    }
    assertThat(Integer.parseInt(hotspot.getVMOption("MaxHeapFreeRatio").getValue()))
        .isLessThanOrEqualTo(30);
  }
}
