package dev.prflow.worker;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** What prflow says to the person at the terminal: one timestamped line at a time. */
final class Console {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Console() {}

  /** The original system's switch: says so when it puts the demo agent in Codegen's place. */
  static void announceMockMode() {
    if ("true".equalsIgnoreCase(System.getenv("CODEGEN_ENABLE_MOCK_MODE"))
        && System.getenv("PRFLOW_AGENT") == null) {
      say("CODEGEN_ENABLE_MOCK_MODE=true: the built-in demo agent stands in for Codegen");
    }
  }

  static synchronized void say(String line) {
    System.out.println(LocalTime.now().format(TIME) + "  " + line);
    System.out.flush();
  }
}
