package dev.prflow.workflows;

import static dev.prflow.workflows.WorkflowFixtures.analysis;
import static dev.prflow.workflows.WorkflowFixtures.pr;
import static dev.prflow.workflows.WorkflowFixtures.testRun;
import static dev.prflow.workflows.WorkflowFixtures.validationInput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.CapableOf;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.StatsReporter;
import com.uber.m3.util.Duration;
import dev.prflow.workflows.model.Finding;
import dev.prflow.workflows.model.ReportRequest;
import dev.prflow.workflows.model.ReviewResult;
import dev.prflow.workflows.model.SecurityResult;
import dev.prflow.workflows.model.TestRun;
import dev.prflow.workflows.model.ValidationResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * prflow's counts from a workflow: once per validation, even though the worker keeps no workflow
 * cache here, so every later workflow task replays the history through the counting code.
 */
@org.junit.jupiter.api.Timeout(
    value = 60,
    threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class WorkflowMetricsTest {

  /** What tally reported: counter totals by name and sorted tags. */
  static final Map<String, Long> COUNTERS = new ConcurrentHashMap<>();

  private static final Scope SCOPE =
      new RootScopeBuilder().reporter(new Capture()).reportEvery(Duration.ofSeconds(60));

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .setWorkflowTypes(PrValidationWorkflowImpl.class)
          .setMetricsScope(SCOPE)
          .setWorkerFactoryOptions(
              WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build())
          .setDoNotStart(true)
          .build();

  private final ValidationActivities validation =
      mock(ValidationActivities.class, withSettings().withoutAnnotations());
  private final ReviewActivities review =
      mock(ReviewActivities.class, withSettings().withoutAnnotations());

  @Test
  void aValidationCountsItsVerdictAndFindingsOnceThoughItsHistoryIsReplayed(
      TestWorkflowEnvironment testEnv, Worker worker, WorkflowClient client) throws Exception {
    List<Finding> findings =
        List.of(
            new Finding("security", "deploy/aws.yml", 1, "error", "aws-key", "key", null),
            new Finding("security", "deploy/aws.yml", 2, "error", "aws-secret", "secret", null),
            new Finding("review", "src/A.java", 9, "warning", "todo", "TODO left", null));
    doReturn(analysis()).when(validation).analyzePr(any());
    doReturn(testRun(TestRun.PASSED)).when(validation).runTests(any());
    doReturn(new ReviewResult(List.of(), List.of())).when(review).reviewCode(any());
    doReturn(new SecurityResult(List.of(), List.of(), List.of(), List.of()))
        .when(review)
        .scanSecurity(any());
    doAnswer(
            call -> {
              ReportRequest r = call.getArgument(0);
              return new ValidationResult(
                  7L,
                  ValidationResult.FAIL,
                  "secrets",
                  r.input().pr(),
                  r.analysis(),
                  r.tests(),
                  findings);
            })
        .when(validation)
        .compileReport(any());
    worker.registerActivitiesImplementations(validation, review);
    testEnv.start();

    client
        .newWorkflowStub(
            PrValidationWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(worker.getTaskQueue())
                .setWorkflowId(pr().validationWorkflowId())
                .build())
        .validate(validationInput());

    String verdicts = key(WorkflowMetrics.VERDICTS, "verdict", "fail");
    String secrets = key(WorkflowMetrics.FINDINGS, "category", "security", "severity", "error");
    String todos = key(WorkflowMetrics.FINDINGS, "category", "review", "severity", "warning");
    // Every count (and any a replay would add) was made before the result came back; closing the
    // scope reports them all.
    SCOPE.close();
    assertThat(COUNTERS)
        .containsEntry(verdicts, 1L)
        .containsEntry(secrets, 2L)
        .containsEntry(todos, 1L);
  }

  /** The counter's name and its prflow tags (the SDK's own tags left out). */
  private static String key(String name, String... tags) {
    Map<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < tags.length; i += 2) {
      sorted.put(tags[i], tags[i + 1]);
    }
    return name + sorted;
  }

  private static final class Capture implements StatsReporter {

    @Override
    public void reportCounter(String name, Map<String, String> tags, long value) {
      if (!name.startsWith("prflow_")) {
        return;
      }
      Map<String, String> own = new TreeMap<>();
      tags.forEach(
          (k, v) -> {
            if (List.of("verdict", "category", "severity", "status").contains(k)) {
              own.put(k, v);
            }
          });
      COUNTERS.merge(name + own, value, Long::sum);
    }

    @Override
    public void reportGauge(String name, Map<String, String> tags, double value) {}

    @Override
    public void reportTimer(String name, Map<String, String> tags, Duration interval) {}

    @Override
    public void reportHistogramValueSamples(
        String name,
        Map<String, String> tags,
        Buckets buckets,
        double bucketLowerBound,
        double bucketUpperBound,
        long samples) {}

    @Override
    public void reportHistogramDurationSamples(
        String name,
        Map<String, String> tags,
        Buckets buckets,
        Duration bucketLowerBound,
        Duration bucketUpperBound,
        long samples) {}

    @Override
    public Capabilities capabilities() {
      return CapableOf.REPORTING_TAGGING;
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
