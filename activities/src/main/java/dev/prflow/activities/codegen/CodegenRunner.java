package dev.prflow.activities.codegen;

import dev.prflow.activities.codegen.CodegenException.Kind;
import dev.prflow.activities.http.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts (or resumes) a Codegen run and follows it to a pull request, idempotently: the run id is
 * checkpointed the moment it exists, and a retried call follows the checkpointed run instead of
 * starting another. Knows nothing about Temporal; the activity supplies the {@link RunCheckpoint}.
 */
public class CodegenRunner {

  static final Duration FIRST_POLL = Duration.ofSeconds(2);
  static final Duration MAX_POLL = Duration.ofSeconds(30);

  /**
   * After a resume, how long a terminal status is distrusted until the run has been seen running:
   * the first read may still show the previous turn's COMPLETE and its old pull request.
   */
  static final Duration RESUME_GRACE = Duration.ofSeconds(60);

  private static final Logger log = LoggerFactory.getLogger(CodegenRunner.class);
  private static final int MAX_RESULT = 300;

  private final CodegenClient client;
  private final CodegenRepositories repositories;
  private final Sleeper sleeper;
  private final Clock clock;
  private final boolean findLostRuns;
  private Duration firstPoll = FIRST_POLL;
  private Duration maxPoll = MAX_POLL;

  /** A runner that, before starting a run, looks for one this attempt started but lost. */
  public CodegenRunner(CodegenClient client, Sleeper sleeper, Clock clock) {
    this(client, sleeper, clock, true);
  }

  /**
   * @param findLostRuns before starting, search the newest API runs for one whose metadata carries
   *     this attempt's {@code task_id}, {@code attempt} and {@code strategy}; closes most of the
   *     gap between Codegen creating a run and the checkpoint recording it
   */
  public CodegenRunner(CodegenClient client, Sleeper sleeper, Clock clock, boolean findLostRuns) {
    this(client, new CodegenRepositories(client), sleeper, clock, findLostRuns);
  }

  /** As above, with the repository directory given (one per process and organisation). */
  public CodegenRunner(
      CodegenClient client,
      CodegenRepositories repositories,
      Sleeper sleeper,
      Clock clock,
      boolean findLostRuns) {
    this.client = Objects.requireNonNull(client, "client");
    this.repositories = Objects.requireNonNull(repositories, "repositories");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.findLostRuns = findLostRuns;
  }

  /** Polls a run first after {@code first}, doubling up to {@code max} (tests stretch these). */
  public CodegenRunner withPolling(Duration first, Duration max) {
    this.firstPoll = Objects.requireNonNull(first, "first");
    this.maxPoll = Objects.requireNonNull(max, "max");
    return this;
  }

  /**
   * Runs the prompt to a pull request in the task's repository.
   *
   * @param repository the GitHub {@code owner/name} a new run works in; its Codegen {@code repo_id}
   *     is looked up (and cached) first, and a repository Codegen does not list fails with {@link
   *     Kind#REPO_NOT_CONNECTED}
   * @param metadata stored with a new run ({@code task_id}, {@code attempt}, {@code strategy})
   * @param resumeRunId the run to continue with this prompt ({@code fix_forward}), or null to start
   *     a new run
   * @param deadline how long to follow the run, counted from this call
   * @throws CodegenException on failure; {@link CodegenException#retryable()} says whether calling
   *     again (with the same checkpoint) may succeed
   */
  public CodegenOutcome run(
      String repository,
      String prompt,
      Map<String, Object> metadata,
      String resumeRunId,
      RunCheckpoint checkpoint,
      Duration deadline) {
    Instant started = clock.instant();
    Instant end = started.plus(deadline);
    boolean resumed = resumeRunId != null;

    String runId;
    String webUrl = null;
    boolean seenRunning = false;
    Optional<String> recorded = checkpoint.recordedRunId();
    if (recorded.isPresent()) {
      runId = recorded.get();
      log.info("Following Codegen run {} recorded by an earlier try", runId);
    } else {
      AgentRun run =
          resumed ? client.resume(resumeRunId, prompt) : startOrFind(repository, prompt, metadata);
      runId = run.id();
      webUrl = run.webUrl();
      checkpoint.recordRunId(runId, webUrl);
      seenRunning = run.runStatus().running();
      log.info("Codegen run {} {} ({})", runId, resumed ? "resumed" : "started", webUrl);
    }

    Duration delay = firstPoll;
    int polls = 0;
    while (true) {
      if (!checkpoint.beat("Codegen run " + runId + ": poll " + (polls + 1))) {
        throw new CodegenException(
            Kind.CANCELLED,
            "Stopped following Codegen run " + runId + " because the caller asked to stop");
      }
      AgentRun run = client.getRun(runId);
      polls++;
      if (run.webUrl() != null) {
        webUrl = run.webUrl();
      }
      RunStatus status = run.runStatus();
      String lastStatus = status.reason();
      if (status.running()) {
        seenRunning = true;
      } else if (!resumed || seenRunning || !clock.instant().isBefore(started.plus(RESUME_GRACE))) {
        if (status.failed()) {
          throw new CodegenException(
              Kind.RUN_FAILED,
              "Codegen run "
                  + runId
                  + " ended with status "
                  + status.reason()
                  + resultNote(run)
                  + seeNote(webUrl));
        }
        return outcome(runId, webUrl, run);
      }

      Instant now = clock.instant();
      if (!now.isBefore(end)) {
        throw new CodegenException(
            Kind.TIMED_OUT,
            "Codegen run "
                + runId
                + " did not finish within "
                + human(deadline)
                + " (last status "
                + lastStatus
                + "); a later try follows the same run"
                + seeNote(webUrl));
      }
      Duration left = Duration.between(now, end);
      pause(delay.compareTo(left) < 0 ? delay : left, runId);
      delay = delay.multipliedBy(2);
      if (delay.compareTo(maxPoll) > 0) {
        delay = maxPoll;
      }
    }
  }

  private AgentRun startOrFind(String repository, String prompt, Map<String, Object> metadata) {
    if (findLostRuns && metadata != null) {
      Map<String, Object> match = new LinkedHashMap<>();
      for (String key : new String[] {"task_id", "attempt", "strategy"}) {
        if (metadata.get(key) != null) {
          match.put(key, metadata.get(key));
        }
      }
      if (match.containsKey("task_id") && match.containsKey("attempt")) {
        Optional<AgentRun> lost = client.findRun(match);
        if (lost.isPresent() && !lost.get().runStatus().failed()) {
          log.info("Found Codegen run {} already started for {}", lost.get().id(), match);
          return lost.get();
        }
      }
    }
    return client.startRun(prompt, repositories.idOf(repository), metadata);
  }

  private CodegenOutcome outcome(String runId, String webUrl, AgentRun run) {
    PullRequestChoice pr =
        PullRequestChoice.choose(runId, run.pullRequestUrls())
            .orElseThrow(
                () ->
                    new CodegenException(
                        Kind.NO_PULL_REQUEST,
                        "Codegen run "
                            + runId
                            + " completed without opening a pull request"
                            + resultNote(run)
                            + seeNote(webUrl)));
    pr.warnings().forEach(w -> log.warn(w));
    return new CodegenOutcome(runId, webUrl, pr.url(), pr.number(), pr.warnings());
  }

  private void pause(Duration wait, String runId) {
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CodegenException(
          Kind.CANCELLED, "Interrupted while following Codegen run " + runId, 0, e);
    }
  }

  private static String resultNote(AgentRun run) {
    String result = run.result();
    if (result == null || result.isBlank()) {
      return "";
    }
    String r = result.strip().replaceAll("\\s+", " ");
    return "; its last message: "
        + (r.length() > MAX_RESULT ? r.substring(0, MAX_RESULT) + "…" : r);
  }

  private static String seeNote(String webUrl) {
    return webUrl == null ? "" : " (see " + webUrl + ")";
  }

  static String human(Duration d) {
    long s = d.toSeconds();
    if (s % 3600 == 0 && s > 0) {
      return (s / 3600) + " h";
    }
    if (s % 60 == 0 && s > 0) {
      return (s / 60) + " min";
    }
    return s + " s";
  }
}
