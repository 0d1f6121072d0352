package dev.prflow.worker;

import dev.prflow.activities.github.GitHubClient;
import dev.prflow.activities.github.GitHubRepository;
import dev.prflow.activities.localgit.RepositoryRoots;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.DatabaseUrl;
import dev.prflow.activities.store.EmbeddedPostgres;
import dev.prflow.activities.store.TaskRow;
import dev.prflow.activities.store.TaskStore;
import dev.prflow.activities.store.WebhookDeliveryStore;
import dev.prflow.api.ApiDependencies;
import dev.prflow.api.ApiServer;
import dev.prflow.api.PendingTaskReconciler;
import dev.prflow.api.WorkflowStarter;
import dev.prflow.api.webhooks.IssueCommenter;
import dev.prflow.api.webhooks.TemporalValidationStarter;
import dev.prflow.api.webhooks.WebhookDependencies;
import dev.prflow.workflows.TaskToPrWorkflow;
import dev.prflow.workflows.model.ChecksCompleted;
import dev.prflow.workflows.model.PullRequestRef;
import dev.prflow.workflows.model.TaskProgress;
import dev.prflow.workflows.model.TaskStatus;
import io.javalin.Javalin;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * The running parts of prflow in one process: PostgreSQL (given or embedded), Temporal (given or
 * embedded), a worker and the API. Closed in reverse order of start.
 */
public final class Stack implements AutoCloseable {

  /** Which parts to run and where. */
  public record Options(
      boolean worker, boolean api, boolean embedTemporal, int temporalPort, boolean temporalUi) {}

  private final EmbeddedPostgres postgres;
  private final Database database;
  private final TemporalRuntime temporal;
  private final WorkerHost worker;
  private final Javalin api;
  private final PendingTaskReconciler reconciler;
  private final String databaseDisplay;
  private final RepositoryRoots repositoryRoots;
  private Database apiDatabase;
  private ProcessMetrics metrics;
  private MetricsServer metricsServer;

  private Stack(
      EmbeddedPostgres postgres,
      Database database,
      String databaseDisplay,
      TemporalRuntime temporal,
      WorkerHost worker,
      Javalin api,
      PendingTaskReconciler reconciler,
      RepositoryRoots repositoryRoots) {
    this.postgres = postgres;
    this.repositoryRoots = repositoryRoots;
    this.database = database;
    this.databaseDisplay = databaseDisplay;
    this.temporal = temporal;
    this.worker = worker;
    this.api = api;
    this.reconciler = reconciler;
  }

  public static Stack start(PrflowConfig config, Options options, Consumer<String> say) {
    return start(config, options, List.of(), say);
  }

  /**
   * Starts the stack; {@code extraRepoRoots} (the demo repositories of {@code dev} and {@code
   * demo}) are created and added to {@code PRFLOW_REPO_ROOTS} for the API and the worker.
   */
  public static Stack start(
      PrflowConfig config, Options options, List<Path> extraRepoRoots, Consumer<String> say) {
    RepositoryRoots roots =
        config.repositoryRoots(extraRepoRoots, warning -> say.accept("warning: " + warning));
    EmbeddedPostgres postgres = null;
    Database database = null;
    TemporalRuntime temporal = null;
    WorkerHost worker = null;
    Database apiDatabase = null;
    ProcessMetrics metrics = new ProcessMetrics();
    MetricsServer metricsServer = null;
    CompletableFuture<TemporalRuntime> temporalStart = null;
    try {
      DatabaseUrl given = null;
      if (config.databaseUrl() != null) {
        try {
          given =
              DatabaseUrl.parse(
                  config.databaseUrl(), config.databaseUser(), config.databasePassword());
        } catch (IllegalArgumentException e) {
          throw new ConfigException(e.getMessage());
        }
      } else {
        EmbeddedPostgres.requireBinaries();
      }
      // Temporal starts (or is reached) on a thread of its own while PostgreSQL starts and Flyway
      // migrates: neither needs the other, and together they are most of the start-up time.
      temporalStart = startTemporal(config, options, say, metrics);
      DatabaseUrl url;
      if (given != null) {
        url = given;
      } else {
        postgres = EmbeddedPostgres.start(config.home().resolve("postgres"));
        url = postgres.url();
        say.accept("PostgreSQL: throwaway cluster on 127.0.0.1:" + postgres.port());
      }
      try {
        database = Database.connect(url, 10).migrate();
      } catch (RuntimeException e) {
        throw new ConfigException(
            "cannot use the database at " + url.display() + " (DATABASE_URL): " + rootMessage(e));
      }
      temporal = await(temporalStart);
      temporalStart = null;
      say.accept(SearchAttributes.register(temporal.stubs(), config.temporalNamespace()));
      if (options.worker()) {
        worker =
            new WorkerHost(temporal.client(), config, database, roots, metrics.registry()).start();
        if (!options.api() && config.metricsPort() != PrflowConfig.METRICS_OFF) {
          // Without the API, /metrics gets a port of its own (PRFLOW_METRICS_PORT).
          metricsServer = MetricsServer.start(metrics.registry(), bindHost(), config.metricsPort());
          say.accept("metrics: http://" + bindHost() + ":" + metricsServer.port() + "/metrics");
        }
      }
      Javalin api = null;
      PendingTaskReconciler reconciler = null;
      if (options.api()) {
        // The API's own small pool with a short connection timeout: 503 within seconds while
        // PostgreSQL is down, where the worker's calls wait longer.
        apiDatabase = Database.connect(url, 10, Database.API_CONNECTION_TIMEOUT);
        ApiDependencies deps =
            new ApiDependencies(
                apiDatabase,
                temporal.client(),
                config.taskQueue(),
                config.workflowTimeout(),
                config.githubToken() == null
                    ? null
                    : GitHubClient.createInteractive(config.githubToken(), config.githubApiUrl()),
                roots,
                options.worker() && !config.sandbox()
                    ? java.util.List.of(Sandboxes.OFF_WARNING)
                    : java.util.List.of(),
                config.rateLimit());
        api =
            ApiServer.create(
                    deps,
                    webhooks(config, apiDatabase, deps),
                    config.authFailureLimit(),
                    metrics.registry())
                .start(bindHost(), config.httpPort());
        reconciler =
            new PendingTaskReconciler(
                    deps.tasks(),
                    new WorkflowStarter(
                        deps.workflowClient(),
                        deps.taskQueue(),
                        deps.workflowTimeout(),
                        deps.executions()),
                    Duration.ofSeconds(15))
                .startEvery(Duration.ofSeconds(10));
      }
      if (options.worker()) {
        // After the API is up: the schedule is not needed to serve, and creating it is a round
        // trip or two to Temporal (it never throws; a failure is a warning line).
        say.accept(HousekeepingSchedule.ensure(temporal, config));
      }
      Stack stack =
          new Stack(postgres, database, url.display(), temporal, worker, api, reconciler, roots);
      stack.apiDatabase = apiDatabase;
      stack.metrics = metrics;
      stack.metricsServer = metricsServer;
      return stack;
    } catch (RuntimeException e) {
      if (metricsServer != null) {
        metricsServer.close();
      }
      if (apiDatabase != null) {
        apiDatabase.close();
      }
      if (temporalStart != null) {
        // Started beside PostgreSQL; once up (or failed) it is closed with the rest.
        try {
          temporal = await(temporalStart);
        } catch (RuntimeException alsoFailed) {
          e.addSuppressed(alsoFailed);
        }
      }
      closeAll(null, null, worker, temporal, database, postgres);
      metrics.close();
      throw e;
    }
  }

  private static CompletableFuture<TemporalRuntime> startTemporal(
      PrflowConfig config, Options options, Consumer<String> say, ProcessMetrics metrics) {
    CompletableFuture<TemporalRuntime> started = new CompletableFuture<>();
    Thread starter =
        new Thread(
            () -> {
              try {
                started.complete(
                    options.embedTemporal()
                        ? TemporalLauncher.launch(
                            config,
                            options.temporalPort(),
                            options.temporalUi(),
                            say,
                            metrics.temporalScope())
                        : TemporalLauncher.connect(
                            "external",
                            config.temporalAddress() == null
                                ? "127.0.0.1:7233"
                                : config.temporalAddress(),
                            null,
                            config.temporalNamespace(),
                            null,
                            config.temporalConnection(),
                            metrics.temporalScope()));
              } catch (Throwable t) {
                started.completeExceptionally(t);
              }
            },
            "prflow-temporal-start");
    starter.setDaemon(true);
    starter.start();
    return started;
  }

  /** The Temporal started beside PostgreSQL, its failure rethrown as it was thrown. */
  private static TemporalRuntime await(CompletableFuture<TemporalRuntime> started) {
    try {
      return started.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /** GitHub webhooks: validations for pull request events, tasks from labelled issues. */
  static WebhookDependencies webhooks(
      PrflowConfig config, Database database, ApiDependencies deps) {
    WorkflowStarter starter =
        new WorkflowStarter(
            deps.workflowClient(), deps.taskQueue(), deps.workflowTimeout(), deps.executions());
    GitHubClient github =
        config.githubToken() == null
            ? null
            : GitHubClient.create(config.githubToken(), config.githubApiUrl());
    IssueCommenter commenter =
        github != null
            ? github::addComment
            : (owner, repo, number, body) ->
                LOG.info("no GITHUB_TOKEN: not commenting on {}/{}#{}", owner, repo, number);
    return new WebhookDependencies(
        WebhookDependencies.secretFrom(config.githubWebhookSecret()),
        new WebhookDeliveryStore(database.jdbi()),
        deps.tasks(),
        starter::start,
        new TemporalValidationStarter(deps.workflowClient(), deps.taskQueue()),
        (owner, repo, sha, pullRequests) ->
            signalChecksCompleted(
                deps.workflowClient(), deps.tasks(), owner, repo, sha, pullRequests),
        commenter);
  }

  /**
   * Wakes each validation waiting on this commit's checks: the pull request's own (id per PR and
   * head commit), and a task's child, which runs under its own id: found by asking each task of the
   * repository that is validating a pull request which one it validates.
   */
  static void signalChecksCompleted(
      io.temporal.client.WorkflowClient client,
      TaskStore tasks,
      String owner,
      String repo,
      String headSha,
      java.util.List<Integer> pullRequests) {
    GitHubRepository repository = GitHubRepository.parse("github:" + owner + "/" + repo);
    java.util.List<String> ids = new java.util.ArrayList<>();
    for (int number : pullRequests) {
      ids.add(
          new PullRequestRef(
                  "github", null, repository.key(), number, null, null, null, null, headSha)
              .validationWorkflowId());
    }
    if (tasks != null) {
      for (TaskRow task : tasks.list(TaskStatus.VALIDATING_PR, null, 200)) {
        if (!repository.canonical().equals(task.repository())) {
          continue;
        }
        try {
          TaskProgress progress =
              client.newWorkflowStub(TaskToPrWorkflow.class, task.workflowId()).status();
          PullRequestRef pr = progress.pr();
          if (pr != null && headSha.equals(pr.headSha()) && pullRequests.contains(pr.number())) {
            ids.add(pr.taskValidationWorkflowId(task.id(), progress.attempt()));
          }
        } catch (RuntimeException unanswered) {
          LOG.debug("task {} not asked for its pull request: {}", task.id(), unanswered.toString());
        }
      }
    }
    for (String workflowId : ids) {
      try {
        client
            .newUntypedWorkflowStub(workflowId)
            .signal("checksCompleted", new ChecksCompleted(headSha));
      } catch (io.temporal.client.WorkflowNotFoundException notWaiting) {
        LOG.debug("no validation {} waiting for checks", workflowId);
      }
    }
  }

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Stack.class);

  private static String bindHost() {
    String host = System.getenv("PRFLOW_HTTP_HOST");
    return host == null || host.isBlank() ? "127.0.0.1" : host.strip();
  }

  public Database database() {
    return database;
  }

  public TemporalRuntime temporal() {
    return temporal;
  }

  /** Where {@code local:} repositories may live, as the API and the worker of this stack see it. */
  public RepositoryRoots repositoryRoots() {
    return repositoryRoots;
  }

  /** The process's metrics: what {@code /metrics} serves. */
  public ProcessMetrics metrics() {
    return metrics;
  }

  /** The port of the worker's own {@code /metrics}, or -1 when this stack serves none. */
  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  public String databaseDisplay() {
    return databaseDisplay;
  }

  /** The API's port, or -1 when this stack runs no API. */
  public int apiPort() {
    return api == null ? -1 : api.port();
  }

  @Override
  public void close() {
    if (api != null) {
      api.stop();
    }
    if (apiDatabase != null) {
      apiDatabase.close();
    }
    if (metricsServer != null) {
      metricsServer.close();
    }
    closeAll(null, reconciler, worker, temporal, database, postgres);
    metrics.close();
  }

  private static void closeAll(
      Javalin api,
      PendingTaskReconciler reconciler,
      WorkerHost worker,
      TemporalRuntime temporal,
      Database database,
      EmbeddedPostgres postgres) {
    if (api != null) {
      api.stop();
    }
    if (reconciler != null) {
      reconciler.close();
    }
    if (worker != null) {
      worker.close();
    }
    if (temporal != null) {
      temporal.close();
    }
    if (database != null) {
      database.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return m.lines().findFirst().orElse(m);
  }
}
