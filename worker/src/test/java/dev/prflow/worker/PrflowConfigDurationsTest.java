package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Every duration setting and option reads the one grammar of {@code Durations}. */
class PrflowConfigDurationsTest {

  static Stream<Arguments> durationSettings() {
    return Stream.of(
        setting("PRFLOW_AGENT_TIMEOUT", PrflowConfig::agentTimeout),
        setting("PRFLOW_TEST_TIMEOUT", PrflowConfig::testTimeout),
        setting("WORKFLOW_TIMEOUT", PrflowConfig::workflowTimeout),
        setting("PRFLOW_SHUTDOWN_GRACE", PrflowConfig::shutdownGrace),
        setting("PRFLOW_CHECKS_TIMEOUT", PrflowConfig::checksTimeout),
        setting("PRFLOW_CHECKS_POLL", PrflowConfig::checksPoll));
  }

  private static Arguments setting(String name, Function<PrflowConfig, Duration> read) {
    return Arguments.of(name, read);
  }

  @ParameterizedTest
  @MethodSource("durationSettings")
  void everyDurationSettingTakesUnitsCombinationsAndBareSeconds(
      String name, Function<PrflowConfig, Duration> read) {
    assertThat(read.apply(PrflowConfig.from(Map.of(name, "1h30m"))))
        .isEqualTo(Duration.ofMinutes(90));
    assertThat(read.apply(PrflowConfig.from(Map.of(name, "90")))).isEqualTo(Duration.ofSeconds(90));
    assertThat(read.apply(PrflowConfig.from(Map.of(name, "1500ms"))))
        .isEqualTo(Duration.ofMillis(1500));
  }

  @ParameterizedTest
  @MethodSource("durationSettings")
  void aMalformedDurationNamesTheVariableAndTheGrammar(
      String name, Function<PrflowConfig, Duration> read) {
    assertThatThrownBy(() -> PrflowConfig.from(Map.of(name, "1.5h")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            name
                + ": \"1.5h\" is not a duration; expected a whole number followed by ms, s, m, h"
                + " or d (90s, 15m, 2h, 7d, or 1h30m), or a bare whole number of seconds");
  }

  @Test
  void unitsOutOfOrderAreRefusedInWords() {
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_SHUTDOWN_GRACE", "30s1m")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("PRFLOW_SHUTDOWN_GRACE: \"30s1m\" lists its units out of order");
  }

  @Test
  void theDemoTimeoutOptionTakesTheSameGrammar() {
    DemoCommand demo = new DemoCommand();
    new CommandLine(demo).parseArgs("--timeout", "2m30s");
    assertThat(demo.timeout).isEqualTo(Duration.ofSeconds(150));

    assertThatThrownBy(() -> new CommandLine(new DemoCommand()).parseArgs("--timeout", "soon"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("\"soon\" is not a duration");
  }
}
