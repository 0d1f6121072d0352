package dev.prflow.worker;

import dev.prflow.activities.AgentActivitiesImpl;
import dev.prflow.activities.CodeHostActivitiesImpl;
import dev.prflow.activities.DatabaseOutageInterceptor;
import dev.prflow.activities.GitHubChecks;
import dev.prflow.activities.HousekeepingActivitiesImpl;
import dev.prflow.activities.LoggingContextInterceptor;
import dev.prflow.activities.NotifyActivitiesImpl;
import dev.prflow.activities.PromptActivitiesImpl;
import dev.prflow.activities.PromptPreviewActivitiesImpl;
import dev.prflow.activities.ReviewActivitiesImpl;
import dev.prflow.activities.TaskActivitiesImpl;
import dev.prflow.activities.ValidationActivitiesImpl;
import dev.prflow.activities.agent.CodingAgent;
import dev.prflow.activities.agent.CommandAgent;
import dev.prflow.activities.codegen.CodegenClient;
import dev.prflow.activities.codegen.CodegenRunner;
import dev.prflow.activities.demo.DemoAgent;
import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.github.GitHubCodeHost;
import dev.prflow.activities.github.GitHubCodebaseSource;
import dev.prflow.activities.github.GitHubMirror;
import dev.prflow.activities.http.Sleeper;
import dev.prflow.activities.localgit.CodeHosts;
import dev.prflow.activities.localgit.LocalCodeHost;
import dev.prflow.activities.localgit.RepositoryRoots;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.notify.LogNotifier;
import dev.prflow.activities.notify.NotificationStore;
import dev.prflow.activities.notify.Notifier;
import dev.prflow.activities.notify.WebhookNotifier;
import dev.prflow.activities.prompt.CodebaseSources;
import dev.prflow.activities.prompt.LocalCodebaseSource;
import dev.prflow.activities.prompt.PromptGenerator;
import dev.prflow.activities.prompt.PromptLimits;
import dev.prflow.activities.review.CodeReviewer;
import dev.prflow.activities.sandbox.Sandbox;
import dev.prflow.activities.security.SecretRules;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.PullRequestStore;
import dev.prflow.activities.store.RetentionStore;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.ValidationStore;
import dev.prflow.activities.testing.TestRunner;
import dev.prflow.workflows.HousekeepingWorkflowImpl;
import dev.prflow.workflows.PrValidationWorkflowImpl;
import dev.prflow.workflows.PromptPreviewWorkflowImpl;
import dev.prflow.workflows.TaskToPrWorkflowImpl;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.common.interceptors.WorkerInterceptor;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A Temporal worker polling prflow's task queue with every workflow and activity registered. It
 * holds no state another worker needs, so several may run side by side.
 */
public final class WorkerHost implements AutoCloseable {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WorkerHost.class);

  private final WorkerFactory factory;
  private final PrflowConfig config;

  /** At most this long between heartbeats sent to the server, whatever the heartbeat timeout. */
  static final Duration HEARTBEAT_THROTTLE = Duration.ofSeconds(2);

  public WorkerHost(WorkflowClient client, PrflowConfig config, Database database) {
    this(client, config, database, config.repositoryRoots(List.of(), LOG::warn));
  }

  /** A worker whose tasks may use {@code local:} repositories under {@code roots} only. */
  public WorkerHost(
      WorkflowClient client, PrflowConfig config, Database database, RepositoryRoots roots) {
    this(client, config, database, roots, null);
  }

  /**
   * As above, timing agent and test runs and counting notifications in {@code metrics} (null: not
   * at all). Temporal's own worker metrics go where the client's stubs report them.
   */
  public WorkerHost(
      WorkflowClient client,
      PrflowConfig config,
      Database database,
      RepositoryRoots roots,
      MeterRegistry metrics) {
    this.config = config;
    // The metrics interceptor is the outer one: it sees the failure types the workflow sees.
    WorkerInterceptor[] interceptors =
        metrics == null
            ? new WorkerInterceptor[] {
              new DatabaseOutageInterceptor(), new LoggingContextInterceptor()
            }
            : new WorkerInterceptor[] {
              new ActivityMetricsInterceptor(metrics, config.agent()),
              new DatabaseOutageInterceptor(),
              new LoggingContextInterceptor()
            };
    this.factory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(interceptors)
                // Bounds the workflows (and their threads) kept in memory between workflow tasks
                // (PRFLOW_WORKFLOW_CACHE); the workflow thread pool stays at the SDK's default.
                .setWorkflowCacheSize(config.workflowCache())
                .build());
    Worker worker =
        factory.newWorker(
            config.taskQueue(),
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(config.maxConcurrentActivities())
                .setMaxConcurrentWorkflowTaskExecutionSize(
                    Math.min(config.maxConcurrentWorkflows(), 200))
                // A cancel reaches a running activity only in a heartbeat's answer; the SDK would
                // otherwise hold heartbeats back for 80% of the heartbeat timeout (24 s for the
                // agent), so a cancelled agent or test run would go on that long.
                .setMaxHeartbeatThrottleInterval(HEARTBEAT_THROTTLE)
                .build());
    worker.registerWorkflowImplementationTypes(
        TaskToPrWorkflowImpl.class,
        PrValidationWorkflowImpl.class,
        PromptPreviewWorkflowImpl.class,
        HousekeepingWorkflowImpl.class);
    worker.registerActivitiesImplementations(activities(config, database, roots).toArray());
  }

  /** Every activity implementation, wired to the configured agent, host and store. */
  public static List<Object> activities(
      PrflowConfig config, Database database, RepositoryRoots roots) {
    Path work = config.home().resolve("work");
    Sandbox sandbox = Sandboxes.forConfig(config);
    Worktrees worktrees = new Worktrees(work);
    LocalCodeHost local = new LocalCodeHost(new PullRequestStore(database.jdbi()));
    GitHubClient githubClient =
        config.githubToken() == null
            ? null
            : GitHubClient.create(config.githubToken(), config.githubApiUrl());
    GitHubCodeHost github =
        githubClient == null
            ? null
            : new GitHubCodeHost(
                githubClient,
                request ->
                    request.run() != null && request.run().prNumber() != null
                        ? OptionalInt.of(request.run().prNumber())
                        : OptionalInt.empty(),
                "merge");
    CodeHosts hosts = new CodeHosts(local, github);
    AgentActivitiesImpl agents =
        new AgentActivitiesImpl(
            agent(config, sandbox),
            new AgentRunStore(database.jdbi()),
            worktrees,
            work.resolve("prompts"));
    if (config.codegen().configured()) {
      agents.withCodegen(
          new CodegenRunner(
              CodegenClient.create(config.codegen()), Sleeper.REAL, Clock.systemUTC()),
          config.agentTimeout());
    }
    ValidationActivitiesImpl validation =
        new ValidationActivitiesImpl(
            hosts,
            new TestRunner(worktrees, config.testCommand(), config.testTimeout())
                .withSandbox(sandbox, config.testNetwork()),
            new ValidationStore(database.jdbi()));
    ReviewActivitiesImpl review =
        new ReviewActivitiesImpl(hosts, worktrees, new CodeReviewer(), SecretRules.defaults());
    if (github != null) {
      // In clone mode tests, review and scan of a GitHub PR all run on one fetched mirror.
      GitHubMirror mirror =
          "clone".equals(config.githubTests())
              ? new GitHubMirror(
                  config.home().resolve("mirrors"), config.githubGitUrl(), config.githubToken())
              : null;
      validation.withGitHub(
          github,
          new GitHubChecks(githubClient, config.checksTimeout(), config.checksPoll()),
          mirror);
      validation.withForkTests(config.githubForkTests());
      review.withMirror(mirror);
    }
    PromptActivitiesImpl prompts =
        new PromptActivitiesImpl(
            new PromptGenerator(PromptLimits.defaults()),
            new CodebaseSources(
                new LocalCodebaseSource(),
                githubClient == null ? null : new GitHubCodebaseSource(githubClient)));
    return List.of(
        new TaskActivitiesImpl(new TaskStore(database.jdbi()), roots),
        prompts,
        new PromptPreviewActivitiesImpl(prompts, roots),
        agents,
        new CodeHostActivitiesImpl(hosts),
        validation,
        review,
        new NotifyActivitiesImpl(notifiers(config, database)),
        new HousekeepingActivitiesImpl(new RetentionStore(database.jdbi())));
  }

  static List<Notifier> notifiers(PrflowConfig config, Database database) {
    if (config.notifyWebhookUrl() == null) {
      return List.of(new LogNotifier());
    }
    return List.of(
        new LogNotifier(),
        new WebhookNotifier(config.notifyWebhookUrl(), new NotificationStore(database.jdbi())));
  }

  /** The agent for local repositories; GitHub repositories always use Codegen. */
  static CodingAgent agent(PrflowConfig config, Sandbox sandbox) {
    return switch (config.agent()) {
      case "command" ->
          new CommandAgent(
              config.agentCommand(), config.agentTimeout(), sandbox, config.agentEnvironment());
      case "codegen" -> new CodegenOnlyOnGitHub();
      default -> new DemoAgent();
    };
  }

  public WorkerHost start() {
    HeapReturn.apply();
    factory.start();
    return this;
  }

  /** Stops polling, lets running activities finish within the grace period, then stops. */
  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    if (!factory.isTerminated()) {
      factory.shutdownNow();
      factory.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
