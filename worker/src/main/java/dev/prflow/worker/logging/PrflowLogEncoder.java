package dev.prflow.worker.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import dev.prflow.worker.Console;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * The encoder of prflow's one appender ({@code logback.xml}): {@link JsonLogLayout} when {@code
 * PRFLOW_LOG_FORMAT=json}, else the text lines prflow always wrote ({@code 12:00:00 INFO WorkerHost
 * - …}). A bad value logs as text here; the configuration refuses it at start, naming the variable.
 */
public final class PrflowLogEncoder extends LayoutWrappingEncoder<ILoggingEvent> {

  /** The text format: time, level, the logger's class name, message; a stack trace below. */
  public static final String TEXT_PATTERN = "%d{HH:mm:ss} %level %logger{0} - %msg%n";

  private LogFormat format = LogFormat.TEXT;
  private final Charset textCharset = Console.charsetOf("stderr");

  @Override
  public void start() {
    try {
      format = LogFormat.parse(System.getenv(LogFormat.VARIABLE));
    } catch (IllegalArgumentException refusedAtStart) {
      format = LogFormat.TEXT;
    }
    setLayout(layout(format));
    super.start();
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    String line = getLayout().doLayout(event);
    return format == LogFormat.JSON
        ? line.getBytes(StandardCharsets.UTF_8)
        : Console.readable(line, textCharset).getBytes(textCharset);
  }

  /** A started layout of {@code format}, for this encoder and for tests. */
  public Layout<ILoggingEvent> layout(LogFormat wanted) {
    if (wanted == LogFormat.JSON) {
      JsonLogLayout json = new JsonLogLayout();
      json.setContext(getContext());
      json.start();
      return json;
    }
    PatternLayout text = new PatternLayout();
    text.setContext(getContext());
    text.setPattern(TEXT_PATTERN);
    text.start();
    return text;
  }
}
