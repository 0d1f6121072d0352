package dev.prflow.worker.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a people's command reads and writes: the environment, stdout, stderr, stdin and whether
 * stdout is a terminal. One value, so tests run the commands in-process with their own.
 */
public record CliContext(
    Map<String, String> env, PrintWriter out, PrintWriter err, InputStream in, boolean tty) {

  public CliContext {
    env = Map.copyOf(env);
  }

  /** The process's own environment and standard streams. */
  public static CliContext system() {
    boolean tty = System.console() != null && !"dumb".equals(System.getenv("TERM"));
    return new CliContext(
        System.getenv(),
        new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
        new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
        System.in,
        tty);
  }

  /** A variable, or null when unset or blank. */
  public String get(String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
