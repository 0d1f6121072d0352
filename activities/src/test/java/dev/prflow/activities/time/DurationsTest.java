package dev.prflow.activities.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, 250",
    "90s, 90000",
    "15m, 900000",
    "2h, 7200000",
    "7d, 604800000",
    "600, 600000",
    "0, 0",
    "1h30m, 5400000",
    "1d 12h, 129600000",
    "' 10 m ', 600000",
    "1m500ms, 60500",
    "2h0m5s, 7205000"
  })
  void readsEveryUnitCombinationsAndBareSeconds(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "1.5h", "-5s", "10x", "h", "10M", "PT10M", "5 5s", "1h 30"})
  void refusesAnythingElseNamingTheGrammar(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a duration; expected a whole number followed by ms, s, m");
  }

  @ParameterizedTest
  @ValueSource(strings = {"30m1h", "1h1h", "5s2m"})
  void refusesUnitsOutOfOrderOrTwice(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .hasMessageContaining("out of order or twice; write them largest first");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void refusesAnEmptyValue(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .hasMessageStartingWith("an empty value is not a duration; expected");
  }

  @ParameterizedTest
  @ValueSource(strings = {"999999999999999999d", "999999999999999999h"})
  void refusesWhatOverflowsInsteadOfWrappingAround(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("is too large");
  }
}
