package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.prflow.worker.logging.LogFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code PRFLOW_RETENTION} and {@code PRFLOW_LOG_FORMAT}: defaults, the grammar, refusals. */
class HousekeepingConfigTest {

  @TempDir Path home;

  @Test
  void retentionDefaultsToThirtyDaysAndReadsTheDurationGrammar() {
    assertThat(PrflowConfig.from(Map.of()).retention()).isEqualTo(Duration.ofDays(30));
    assertThat(PrflowConfig.from(Map.of("PRFLOW_RETENTION", "7d")).retention())
        .isEqualTo(Duration.ofDays(7));
    assertThat(PrflowConfig.from(Map.of("PRFLOW_RETENTION", "1d 12h")).retention())
        .isEqualTo(Duration.ofHours(36));
  }

  @Test
  void aMalformedOrTooShortRetentionNamesTheVariable() {
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_RETENTION", "a month")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("PRFLOW_RETENTION: \"a month\" is not a duration");
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_RETENTION", "12h")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("PRFLOW_RETENTION must be from 1d to 3650d, not 12h");
  }

  @Test
  void logFormatIsTextUnlessJsonIsAsked() {
    assertThat(PrflowConfig.from(Map.of()).logFormat()).isEqualTo(LogFormat.TEXT);
    assertThat(PrflowConfig.from(Map.of("PRFLOW_LOG_FORMAT", "json")).logFormat())
        .isEqualTo(LogFormat.JSON);
    assertThatThrownBy(() -> PrflowConfig.from(Map.of("PRFLOW_LOG_FORMAT", "xml")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("PRFLOW_LOG_FORMAT must be text or json, not xml");
  }

  @Test
  void aBadLogFormatStopsStartWithOneLine() throws Exception {
    Process p =
        StartupFailureTest.prflow(
            Map.of("PRFLOW_LOG_FORMAT", "yaml", "PRFLOW_HOME", home.toString()), "dev");
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(err.strip().lines()).as(err).hasSize(1);
    assertThat(err).contains("PRFLOW_LOG_FORMAT must be text or json, not yaml");
  }

  @Test
  void scheduleLinesWriteDurationsAsPeopleDo() {
    assertThat(HousekeepingSchedule.human(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(HousekeepingSchedule.human(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(HousekeepingSchedule.human(Duration.ofMinutes(90))).isEqualTo("90m");
  }
}
