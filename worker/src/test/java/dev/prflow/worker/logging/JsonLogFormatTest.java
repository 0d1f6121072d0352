package dev.prflow.worker.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.prflow.activities.HousekeepingActivitiesImpl;
import dev.prflow.activities.LoggingContextInterceptor;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.RetentionStore;
import dev.prflow.activities.store.TestPostgres;
import dev.prflow.workflows.HousekeepingWorkflow;
import dev.prflow.workflows.HousekeepingWorkflowImpl;
import dev.prflow.workflows.model.HousekeepingRequest;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code PRFLOW_LOG_FORMAT=json}: every line is one JSON object with the standard fields, and the
 * lines an activity or a workflow of a task writes carry the task and workflow ids.
 */
class JsonLogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ByteArrayOutputStream written = new ByteArrayOutputStream();
  private OutputStreamAppender<ILoggingEvent> appender;
  private Logger root;

  @BeforeEach
  void captureInJson() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PrflowLogEncoder formats = new PrflowLogEncoder();
    formats.setContext(context);
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(formats.layout(LogFormat.JSON));
    encoder.start();
    appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(written);
    appender.start();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(appender);
  }

  @AfterEach
  void stopCapturing() {
    root.detachAppender(appender);
    appender.stop();
  }

  @Test
  void everyLineIsAJsonObjectAndTaskLinesCarryTheirIds() throws Exception {
    try (Database db = TestPostgres.freshDatabase();
        TestWorkflowEnvironment temporal =
            TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder()
                    .setWorkerFactoryOptions(
                        WorkerFactoryOptions.newBuilder()
                            .setWorkerInterceptors(new LoggingContextInterceptor())
                            .build())
                    .build())) {
      db.jdbi()
          .useHandle(
              h ->
                  h.execute(
                      "insert into webhook_deliveries (delivery_id, event, received_at) values"
                          + " ('old', 'ping', now() - interval '40 days')"));
      Worker worker = temporal.newWorker("logs");
      worker.registerWorkflowImplementationTypes(HousekeepingWorkflowImpl.class);
      worker.registerActivitiesImplementations(
          new HousekeepingActivitiesImpl(new RetentionStore(db.jdbi())));
      temporal.start();
      LoggerFactory.getLogger("dev.prflow.test")
          .warn("before any task, with \"quotes\"\nand a line");

      temporal
          .getWorkflowClient()
          .newWorkflowStub(
              HousekeepingWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue("logs").setWorkflowId("task-42").build())
          .run(new HousekeepingRequest(30 * 86_400, 100));
    }
    assertThat(MDC.get("taskId")).as("nothing left behind on this thread").isNull();

    List<JsonNode> lines = new ArrayList<>();
    for (String line : written.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode node = JSON.readTree(line);
      assertThat(node.isObject()).as(line).isTrue();
      for (String field : List.of("timestamp", "level", "logger", "message", "thread")) {
        assertThat(node.hasNonNull(field)).as(field + " in " + line).isTrue();
      }
      lines.add(node);
    }
    JsonNode plain = find(lines, "dev.prflow.test");
    assertThat(plain.path("message").asText())
        .isEqualTo("before any task, with \"quotes\"\nand a line");
    assertThat(plain.path("level").asText()).isEqualTo("WARN");
    assertThat(plain.has("taskId")).isFalse();

    JsonNode activity = find(lines, HousekeepingActivitiesImpl.class.getName());
    assertThat(activity.path("taskId").asText()).isEqualTo("42");
    assertThat(activity.path("workflowId").asText()).isEqualTo("task-42");
    assertThat(activity.path("activityType").asText()).isEqualTo("pruneExpired");

    JsonNode workflow = find(lines, HousekeepingWorkflowImpl.class.getName());
    assertThat(workflow.path("message").asText()).startsWith("housekeeping: deleted 1 webhook");
    assertThat(workflow.path("taskId").asText()).isEqualTo("42");
    assertThat(workflow.path("workflowId").asText()).isEqualTo("task-42");
    assertThat(workflow.path("runId").asText()).isNotBlank();
  }

  @Test
  void theTextFormatKeepsTheLinesPrflowAlwaysWrote() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PrflowLogEncoder formats = new PrflowLogEncoder();
    formats.setContext(context);
    ch.qos.logback.classic.spi.LoggingEvent event =
        new ch.qos.logback.classic.spi.LoggingEvent(
            "x",
            context.getLogger("dev.prflow.worker.WorkerHost"),
            ch.qos.logback.classic.Level.INFO,
            "worker polling {}",
            null,
            new Object[] {"prflow"});

    assertThat(formats.layout(LogFormat.TEXT).doLayout(event))
        .matches("\\d\\d:\\d\\d:\\d\\d INFO WorkerHost - worker polling prflow\\R");
  }

  private static JsonNode find(List<JsonNode> lines, String logger) {
    return lines.stream()
        .filter(n -> logger.equals(n.path("logger").asText()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line from " + logger + " in " + lines));
  }
}
