package dev.prflow.worker;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * What prflow says to the person at the terminal: one line at a time, readable in any locale.
 *
 * <p>prflow's messages use a few typographic characters ({@code →}, {@code …}, {@code —}). Java
 * writes standard output in the locale's charset; on a C/POSIX locale (no {@code LANG}, as in many
 * containers and CI jobs) that is ASCII, and each of them would come out as {@code ?}. So a
 * character the output charset cannot encode is written as its ASCII spelling ({@code ->}, {@code
 * ...}, {@code --}); a UTF-8 terminal still gets the arrow.
 */
public final class Console {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private static final Map<Integer, String> ASCII =
      Map.ofEntries(
          Map.entry((int) '→', "->"),
          Map.entry((int) '←', "<-"),
          Map.entry((int) '…', "..."),
          Map.entry((int) '—', "--"),
          Map.entry((int) '–', "-"),
          Map.entry((int) '‘', "'"),
          Map.entry((int) '’', "'"),
          Map.entry((int) '“', "\""),
          Map.entry((int) '”', "\""),
          Map.entry((int) '≤', "<="),
          Map.entry((int) '≥', ">="),
          Map.entry((int) '×', "x"),
          Map.entry((int) '✓', "ok"),
          Map.entry((int) '✗', "x"));

  private Console() {}

  /** The original system's switch: says so when it puts the demo agent in Codegen's place. */
  static void announceMockMode(PrflowConfig config) {
    if (config.codegen().mockMode() && "demo".equals(config.agent())) {
      say("CODEGEN_ENABLE_MOCK_MODE is on: the built-in demo agent stands in for Codegen");
    }
  }

  /**
   * Makes everything else written to standard output and error (log lines, the CLI's output)
   * readable the same way, when the locale's charset lacks prflow's characters; on a UTF-8 locale
   * the streams stay as they are.
   */
  static void makeSystemStreamsReadable() {
    Charset out = charsetOf("stdout");
    if (!out.newEncoder().canEncode('→')) {
      System.setOut(new ReadablePrintStream(System.out, out));
    }
    Charset err = charsetOf("stderr");
    if (!err.newEncoder().canEncode('→')) {
      System.setErr(new ReadablePrintStream(System.err, err));
    }
  }

  /** A timestamped line on standard output. */
  static synchronized void say(String line) {
    line(LocalTime.now().format(TIME) + "  " + line);
  }

  /** A line on standard output. */
  static synchronized void line(String line) {
    System.out.println(readable(line, charsetOf("stdout")));
    System.out.flush();
  }

  /** A line on standard error. */
  static synchronized void error(String line) {
    PrintStream err = System.err;
    err.println(readable(line, charsetOf("stderr")));
    err.flush();
  }

  /**
   * {@code text} as it can be written in {@code charset}: unchanged when it can be; otherwise each
   * character the charset lacks becomes its ASCII spelling, or {@code ?} when it has none.
   */
  public static String readable(String text, Charset charset) {
    CharsetEncoder encoder = charset.newEncoder();
    if (encoder.canEncode(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            cp -> {
              String ch = Character.toString(cp);
              out.append(encoder.canEncode(ch) ? ch : ASCII.getOrDefault(cp, "?"));
            });
    return out.toString();
  }

  /**
   * The charset Java writes {@code System.out} or {@code System.err} in: {@code stdout.encoding}
   * (Java 18+), {@code sun.stdout.encoding} (Java 17 on a Windows console), else the default
   * charset, which Java 17 takes from the locale.
   */
  public static Charset charsetOf(String stream) {
    for (String property : new String[] {stream + ".encoding", "sun." + stream + ".encoding"}) {
      String name = System.getProperty(property);
      if (name != null && Charset.isSupported(name)) {
        return Charset.forName(name);
      }
    }
    return Charset.defaultCharset();
  }
}
