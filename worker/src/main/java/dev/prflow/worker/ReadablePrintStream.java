package dev.prflow.worker;

import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * A stream that writes text through {@link Console#readable}: what the charset lacks becomes its
 * ASCII spelling instead of {@code ?}. Installed over {@code System.out}/{@code System.err} on a
 * locale whose charset cannot show prflow's characters, so log lines read like the rest.
 */
final class ReadablePrintStream extends PrintStream {

  private final Charset charset;

  ReadablePrintStream(PrintStream target, Charset charset) {
    super(target, true, charset);
    this.charset = charset;
  }

  @Override
  public void print(String s) {
    super.print(s == null ? null : Console.readable(s, charset));
  }

  @Override
  public void println(String s) {
    synchronized (this) {
      print(s);
      println();
    }
  }

  @Override
  public PrintStream append(CharSequence csq) {
    print(String.valueOf(csq));
    return this;
  }
}
