package dev.prflow.worker;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** What prflow says to the person at the terminal: one timestamped line at a time. */
final class Console {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Console() {}

  /** The original system's switch: says so when it puts the demo agent in Codegen's place. */
  static void announceMockMode(PrflowConfig config) {
    if (config.codegen().mockMode() && "demo".equals(config.agent())) {
      say("CODEGEN_ENABLE_MOCK_MODE is on: the built-in demo agent stands in for Codegen");
    }
  }

  static synchronized void say(String line) {
    System.out.println(LocalTime.now().format(TIME) + "  " + line);
    System.out.flush();
  }
}
