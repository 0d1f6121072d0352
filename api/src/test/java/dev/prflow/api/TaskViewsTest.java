package dev.prflow.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaskViewsTest {

  @Test
  void isoWritesWhatInstantToStringWrites() {
    Random random = new Random(11);
    long first = Instant.parse("-0001-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("+10001-01-01T00:00:00Z").getEpochSecond();
    int[] nanos = {0, 1, 999_999_999, 123_000_000, 123_456_000, 123_456_789, 100, 1_000, 1_000_000};
    for (int i = 0; i < 20_000; i++) {
      long seconds = first + (long) (random.nextDouble() * (last - first));
      int nano = i % 2 == 0 ? nanos[i % nanos.length] : random.nextInt(1_000_000_000);
      Instant instant = Instant.ofEpochSecond(seconds, nano);
      assertThat(TaskViews.iso(instant)).isEqualTo(instant.toString());
    }
    for (String edge :
        new String[] {
          "0000-01-01T00:00:00Z",
          "1969-12-31T23:59:59.999999999Z",
          "1970-01-01T00:00:00Z",
          "2026-12-03T15:13:12.120Z",
          "9999-12-31T23:59:59.999Z",
          "+10000-01-01T00:00:00Z",
          "-0001-12-31T23:59:59Z"
        }) {
      Instant instant = Instant.parse(edge);
      assertThat(TaskViews.iso(instant)).isEqualTo(instant.toString());
    }
    assertThat(TaskViews.iso(null)).isNull();
  }
}
