package dev.prflow.worker.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.prflow.activities.LoggingContext;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One JSON object per line: {@code timestamp} (ISO-8601, UTC), {@code level}, {@code logger},
 * {@code message}, {@code thread}, then the task and workflow ids when known ({@code taskId},
 * {@code workflowId}, {@code runId}, …, from the MDC, where prflow's activities and API and
 * Temporal's own workers put them; Temporal's {@code WorkflowId} becomes {@code workflowId}), and
 * {@code exception} with the stack trace, if any. A line a workflow logs carries the task id its
 * workflow id names.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {

  private static final JsonFactory JSON = new JsonFactory();

  @Override
  public String doLayout(ILoggingEvent event) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
      g.writeStringField("level", event.getLevel().toString());
      g.writeStringField("logger", event.getLoggerName());
      g.writeStringField("message", event.getFormattedMessage());
      g.writeStringField("thread", event.getThreadName());
      for (Map.Entry<String, String> field : context(event.getMDCPropertyMap()).entrySet()) {
        g.writeStringField(field.getKey(), field.getValue());
      }
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        g.writeStringField("exception", ThrowableProxyUtil.asString(thrown));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.append('\n').toString();
  }

  /** MDC entries under camelCase names, the first of two that meet kept; taskId derived last. */
  static Map<String, String> context(Map<String, String> mdc) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (mdc == null) {
      return fields;
    }
    for (String key : new String[] {LoggingContext.TASK_ID, LoggingContext.WORKFLOW_ID}) {
      if (mdc.get(key) != null) {
        fields.put(key, mdc.get(key));
      }
    }
    mdc.forEach(
        (key, value) -> {
          String name = camel(key);
          if (value != null && !isStandard(name)) {
            fields.putIfAbsent(name, value);
          }
        });
    if (!fields.containsKey(LoggingContext.TASK_ID)) {
      Long taskId = LoggingContext.taskIdOf(fields.get(LoggingContext.WORKFLOW_ID));
      if (taskId != null) {
        fields.put(LoggingContext.TASK_ID, taskId.toString());
      }
    }
    return fields;
  }

  private static boolean isStandard(String name) {
    return switch (name) {
      case "timestamp", "level", "logger", "message", "thread", "exception" -> true;
      default -> false;
    };
  }

  private static String camel(String key) {
    return key.isEmpty() ? key : Character.toLowerCase(key.charAt(0)) + key.substring(1);
  }
}
