package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReadablePrintStreamTest {

  @Test
  void logLinesOnAnAsciiStreamGetTheAsciiSpellingsNotQuestionMarks() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream ascii = new PrintStream(bytes, true, StandardCharsets.US_ASCII);

    try (PrintStream readable = new ReadablePrintStream(ascii, StandardCharsets.US_ASCII)) {
      readable.println("INFO notify - task 1 completed: Add — pass → done…");
      readable.print("x");
      readable.append("→");
    }

    assertThat(bytes.toString(StandardCharsets.US_ASCII))
        .isEqualTo(
            "INFO notify - task 1 completed: Add -- pass -> done..."
                + System.lineSeparator()
                + "x->");
  }
}
