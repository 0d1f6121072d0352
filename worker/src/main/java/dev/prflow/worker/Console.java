package dev.prflow.worker;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** What prflow says to the person at the terminal: one timestamped line at a time. */
final class Console {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Console() {}

  static synchronized void say(String line) {
    System.out.println(LocalTime.now().format(TIME) + "  " + line);
    System.out.flush();
  }
}
