package dev.prflow.workflows;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the TaskToPr workflow tests share: both workflows on a time-skipping test server, and a mock
 * for every activity interface, registered by {@link #start}. A hang is a failure with a stack
 * trace, never a stalled build.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
abstract class PipelineWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .setWorkflowTypes(TaskToPrWorkflowImpl.class, PrValidationWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  protected final TaskActivities tasks = activityMock(TaskActivities.class);
  protected final PromptActivities prompts = activityMock(PromptActivities.class);
  protected final AgentActivities agents = activityMock(AgentActivities.class);
  protected final CodeHostActivities codeHost = activityMock(CodeHostActivities.class);
  protected final ValidationActivities validation = activityMock(ValidationActivities.class);
  protected final ReviewActivities review = activityMock(ReviewActivities.class);
  protected final NotifyActivities notifier = activityMock(NotifyActivities.class);

  /** Registers the mocks with the worker and starts the test server. */
  protected void start(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(
        tasks, prompts, agents, codeHost, validation, review, notifier);
    env.start();
  }

  // The SDK reads @ActivityInterface from the interface; a mock must not carry it again.
  private static <T> T activityMock(Class<T> type) {
    return mock(type, withSettings().withoutAnnotations());
  }
}
