package dev.prflow.worker.cli;

import dev.prflow.worker.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** {@code prflow ARGS} run in-process, as a person would, with its own environment and streams. */
record CliRun(int exit, String out, String err) {

  static CliRun run(Map<String, String> env, String... args) {
    return run(env, "", new StringWriter(), args);
  }

  static CliRun withStdin(Map<String, String> env, String stdin, String... args) {
    return run(env, stdin, new StringWriter(), args);
  }

  /** With {@code out} given, a test can read what the command printed so far while it runs. */
  static CliRun run(Map<String, String> env, String stdin, StringWriter out, String... args) {
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            new CliContext(
                env,
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                false),
            args);
    return new CliRun(exit, out.toString(), err.toString());
  }

  /** Both streams, for assertion messages. */
  String all() {
    return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
