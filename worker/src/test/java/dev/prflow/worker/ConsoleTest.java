package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleTest {

  @Test
  void aUtf8TerminalGetsTheTypographicCharacters() {
    String line = "task 1 → running_agent — stopping…";

    assertThat(Console.readable(line, StandardCharsets.UTF_8)).isEqualTo(line);
  }

  @Test
  void anAsciiTerminalGetsTheirAsciiSpellings() {
    assertThat(
            Console.readable(
                "task 1 → running_agent — stopping… (1–200)", StandardCharsets.US_ASCII))
        .isEqualTo("task 1 -> running_agent -- stopping... (1-200)");
  }

  @Test
  void aCharacterWithNoAsciiSpellingBecomesOneQuestionMark() {
    assertThat(Console.readable("title: 計算 😀", StandardCharsets.US_ASCII))
        .isEqualTo("title: ?? ?");
  }

  @Test
  void latin1KeepsWhatItCanEncode() {
    assertThat(Console.readable("café → done", StandardCharsets.ISO_8859_1))
        .isEqualTo("café -> done");
  }
}
