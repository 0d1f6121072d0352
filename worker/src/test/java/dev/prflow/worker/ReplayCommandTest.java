package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prflow replay} over the checked-in histories and over a tampered one. */
class ReplayCommandTest {

  private static final Path HISTORIES =
      Path.of("..", "workflows", "src", "test", "resources", "histories");

  @TempDir Path temp;

  private record Run(int exit, String out) {}

  private static Run replay(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      int exit = Main.execute(args);
      return new Run(exit, captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(original);
    }
  }

  @Test
  void recordedHistoriesReplayAndExitZero() {
    Run run = replay("replay", HISTORIES.toString());
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out()).contains("ok   ").contains("task-happy-path (TaskToPr)");
  }

  @Test
  void historyFromDifferentCodeFailsNamingTheWorkflowAndTheEvent() throws Exception {
    // The recorded run scheduled validateTask first; pretend it had scheduled generatePrompt.
    String json = Files.readString(HISTORIES.resolve("task-happy-path.json"));
    assertThat(json).contains("\"name\": \"validateTask\"");
    Path tampered = temp.resolve("task-tampered.json");
    Files.writeString(
        tampered, json.replaceFirst("\"name\": \"validateTask\"", "\"name\": \"generatePrompt\""));

    Run run = replay("replay", tampered.toString());

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out())
        .contains("FAIL")
        .contains("workflow task-tampered (TaskToPr) is not deterministic")
        .containsPattern("[Ee]vent \\d+");
  }

  @Test
  void missingPathExitsTwo() {
    assertThat(replay("replay", temp.resolve("nope.json").toString()).exit()).isEqualTo(2);
  }
}
