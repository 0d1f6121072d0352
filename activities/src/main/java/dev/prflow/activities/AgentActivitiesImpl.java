package dev.prflow.activities;

import dev.prflow.activities.agent.AgentException;
import dev.prflow.activities.agent.AgentOutput;
import dev.prflow.activities.agent.AgentWork;
import dev.prflow.activities.agent.CodingAgent;
import dev.prflow.activities.agent.Heartbeat;
import dev.prflow.activities.codegen.CodegenRunner;
import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.GitLayout;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.localgit.Worktrees;
import dev.prflow.activities.store.AgentRunStore;
import dev.prflow.workflows.AgentActivities;
import dev.prflow.workflows.model.AgentRunRequest;
import dev.prflow.workflows.model.AgentRunResult;
import dev.prflow.workflows.model.TaskSpec;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the coding agent in a fresh worktree on the attempt's branch and commits what it changed.
 * Idempotent per (task, attempt): the {@code agent_runs} row is keyed by them, and a branch that
 * already carries commits from an earlier try is returned as it is, without running the agent
 * again. A leftover branch without commits of its own (a try killed before committing) is deleted
 * and the attempt starts afresh; one that holds other work is kept as {@code
 * <branch>-stale-<sha7>}.
 */
public class AgentActivitiesImpl implements AgentActivities {

  public static final String NO_CHANGES = "AgentNoChanges";
  public static final String MISCONFIGURED = "AgentMisconfigured";
  public static final String FAILED = "AgentFailed";

  private static final Logger log = LoggerFactory.getLogger(AgentActivitiesImpl.class);

  private final CodingAgent agent;
  private final AgentRunStore runs;
  private final Worktrees worktrees;
  private final Path promptDir;
  private RemoteAgentRun codegen;
  private Supplier<String> runIdentity = AgentActivitiesImpl::workflowRunId;
  private DatabaseWait database = DatabaseWait.standard();

  public AgentActivitiesImpl(
      CodingAgent agent, AgentRunStore runs, Worktrees worktrees, Path promptDir) {
    this.agent = agent;
    this.runs = runs;
    this.worktrees = worktrees;
    this.promptDir = promptDir;
  }

  /** Tasks on GitHub repositories run with the Codegen agent, which opens the pull request. */
  public AgentActivitiesImpl withCodegen(CodegenRunner runner, Duration deadline) {
    this.codegen = new RemoteAgentRun(runner, runs, deadline, database);
    return this;
  }

  /**
   * How long one attempt waits out a PostgreSQL outage around its bookkeeping before failing with
   * the retryable {@code DatabaseUnavailable}; the agent's work is never redone for it.
   */
  AgentActivitiesImpl withDatabasePatience(Duration patience) {
    this.database = new DatabaseWait(patience);
    if (codegen != null) {
      codegen = codegen.withDatabase(database);
    }
    return this;
  }

  @Override
  public AgentRunResult runAgent(AgentRunRequest request) {
    TaskSpec task = request.task();
    RepositoryLocation location = RepositoryLocation.parse(task.repository());
    if (location.isGitHub()) {
      if (codegen == null) {
        throw ApplicationFailure.newNonRetryableFailure(
            "tasks on GitHub repositories need the codegen agent: set CODEGEN_API_KEY and"
                + " CODEGEN_ORG_ID",
            MISCONFIGURED);
      }
      return codegen.run(request, ActivityHeartbeat.current());
    }
    Git git = location.git();
    String branch = request.branch();
    Heartbeat beat = ActivityHeartbeat.current();
    database.run(
        "recording the start of the agent run",
        beat,
        () ->
            runs.begin(
                task.id(),
                request.attempt(),
                request.strategy(),
                agent.name(),
                request.prompt(),
                branch));

    String base =
        git.resolve("refs/heads/" + task.baseBranch())
            .orElseThrow(
                () ->
                    ApplicationFailure.newNonRetryableFailure(
                        "base branch " + task.baseBranch() + " is gone", "InvalidTask"));

    boolean continuing = request.continueBranch() != null;
    Optional<AgentRunResult> earlier = earlierResult(git, request, base);
    if (earlier.isPresent()) {
      log.info("task {} attempt {}: branch {} already done", task.id(), request.attempt(), branch);
      database.run(
          "recording the agent run's result",
          beat,
          () -> runs.succeeded(task.id(), request.attempt(), base, earlier.get().headSha(), null));
      return earlier.get();
    }
    if (continuing && git.resolve("refs/heads/" + branch).isEmpty()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "branch " + branch + " to continue is gone", MISCONFIGURED);
    }
    String startTip = continuing ? git.resolve("refs/heads/" + branch).orElseThrow() : base;

    Path promptFile = writePrompt(task, request);
    String prefix = worktreePrefix(request);
    Path worktree =
        continuing
            ? worktrees.addExisting(git, prefix, branch)
            : worktrees.addBranch(git, prefix, branch, base);
    // Named before the agent runs: afterwards the worktree's .git may be anything it wrote there.
    Path gitDir = GitLayout.of(worktree).gitDir();
    AgentOutput output;
    boolean done = false;
    try {
      Heartbeat heartbeat = beat;
      output =
          agent.work(
              new AgentWork(
                  task,
                  request.attempt(),
                  request.strategy(),
                  request.prompt(),
                  promptFile,
                  worktree),
              heartbeat);
      Git work = Git.worktree(worktree, gitDir);
      work.run("add", "-A");
      boolean staged = !work.exec("diff", "--cached", "--quiet").succeeded();
      if (staged) {
        work.run(
            "commit",
            "--quiet",
            "--no-verify",
            "-m",
            "prflow: " + task.title(),
            "-m",
            "Task "
                + task.id()
                + ", attempt "
                + request.attempt()
                + " ("
                + request.strategy()
                + "), by the "
                + agent.name()
                + " agent.",
            "-m",
            TRAILER + trailerValue(request));
      }
      String head = git.resolve("refs/heads/" + branch).orElseThrow();
      if (head.equals(startTip)) {
        String reason = "the " + agent.name() + " agent made no changes";
        database.run(
            "recording that the agent made no changes",
            beat,
            () -> runs.failed(task.id(), request.attempt(), reason, output.logTail()));
        throw ApplicationFailure.newNonRetryableFailure(reason, NO_CHANGES);
      }
      done = true;
      String forkPoint = git.run("merge-base", base, head).strip();
      // The work is committed (with the attempt's trailer): from here an outage only delays the
      // row, and a retried activity finds the commit instead of running the agent again.
      database.run(
          "recording the agent run's result",
          beat,
          () -> runs.succeeded(task.id(), request.attempt(), forkPoint, head, output.logTail()));
      return new AgentRunResult(
          agent.name(),
          branch,
          forkPoint,
          head,
          changedFiles(git, forkPoint, head),
          output.summary(),
          false);
    } catch (AgentException e) {
      database.run(
          "recording the agent's failure",
          beat,
          () -> runs.failed(task.id(), request.attempt(), e.getMessage(), e.logTail()));
      if (e.retryable()) {
        throw ApplicationFailure.newFailure(e.getMessage(), FAILED);
      }
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), MISCONFIGURED);
    } finally {
      worktrees.remove(git, worktree);
      if (!done) {
        if (continuing) {
          // Leave the earlier attempt's branch exactly as it was.
          git.exec("update-ref", "refs/heads/" + branch, startTip);
        } else {
          git.exec("branch", "-D", branch);
        }
      }
      try {
        Files.deleteIfExists(promptFile);
      } catch (IOException e) {
        log.debug("prompt file {} not removed: {}", promptFile, e.getMessage());
      }
    }
  }

  /** Marks the commit of one attempt, so a retried activity can find it. */
  static final String TRAILER = "Prflow-Attempt: ";

  /**
   * Task, attempt and the workflow run: task ids start again at 1 with a new database (a fresh
   * {@code prflow dev}) while the repository keeps its branches, and a commit of another run of
   * "task 1, attempt 1" is not this attempt's.
   */
  private String trailerValue(AgentRunRequest request) {
    String run = runIdentity.get();
    return request.task().id()
        + "-"
        + request.attempt()
        + (run == null || run.isEmpty() ? "" : " run " + run);
  }

  /** Which workflow run a commit belongs to; tests outside an activity name their own. */
  AgentActivitiesImpl withRunIdentity(Supplier<String> runIdentity) {
    this.runIdentity = runIdentity;
    return this;
  }

  private static String workflowRunId() {
    try {
      return Activity.getExecutionContext().getInfo().getRunId();
    } catch (IllegalStateException notInActivity) {
      return "";
    }
  }

  /**
   * The result of an earlier try of this very attempt: a commit on the branch carrying the
   * attempt's trailer. A branch of a new attempt without that commit is a leftover of a try that
   * died before committing, and is removed.
   */
  private Optional<AgentRunResult> earlierResult(Git git, AgentRunRequest request, String base) {
    String branch = request.branch();
    Optional<String> head = git.resolve("refs/heads/" + branch);
    if (head.isEmpty()) {
      return Optional.empty();
    }
    String forkPoint = git.run("merge-base", base, head.get()).strip();
    List<String> marked =
        git.lines(
            "log",
            "--format=%H",
            "--fixed-strings",
            "--grep=" + TRAILER + trailerValue(request),
            forkPoint + ".." + head.get());
    if (marked.isEmpty()) {
      if (request.continueBranch() == null) {
        git.exec("worktree", "prune");
        if (holdsNoWork(git, head.get(), base) && deleteLeftover(git, branch, request)) {
          log.info(
              "task {} attempt {}: deleted leftover branch {} of an interrupted try; it held no"
                  + " commit of its own",
              request.task().id(),
              request.attempt(),
              branch);
          return Optional.empty();
        }
        // Another run's work (a fresh database over an old repository), or commits of a try that
        // died before its trailer could be found: kept under another name, never deleted.
        if (!git.exec("branch", "-m", branch, branch + "-stale-" + head.get().substring(0, 7))
            .succeeded()) {
          git.exec("branch", "-D", branch); // that name already keeps this very commit
        }
      }
      return Optional.empty();
    }
    return Optional.of(
        new AgentRunResult(
            agent.name(),
            branch,
            forkPoint,
            head.get(),
            changedFiles(git, forkPoint, head.get()),
            "reused the commit an earlier try of this attempt made",
            true));
  }

  /**
   * A branch whose head is the base commit or one of its ancestors carries no commit of its own:
   * what a try killed before committing leaves behind (or work already merged into the base).
   */
  private static boolean holdsNoWork(Git git, String head, String base) {
    return git.exec("merge-base", "--is-ancestor", head, base).succeeded();
  }

  /**
   * Deletes a branch that holds no work, with the scratch worktree a killed try left it checked out
   * in. False when it cannot be deleted (checked out in a worktree that is not prflow's).
   */
  private boolean deleteLeftover(Git git, String branch, AgentRunRequest request) {
    worktrees.removeScratchCheckoutsOf(git, branch, worktreePrefix(request));
    return git.exec("branch", "-D", branch).succeeded();
  }

  /** Names the scratch worktree of an attempt, so a later try can recognise a killed one's. */
  private static String worktreePrefix(AgentRunRequest request) {
    return "agent-task-" + request.task().id() + "-" + request.attempt();
  }

  private Path writePrompt(TaskSpec task, AgentRunRequest request) {
    try {
      Files.createDirectories(promptDir);
      Path file = promptDir.resolve("task-" + task.id() + "-" + request.attempt() + ".md");
      Files.writeString(file, request.prompt());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the prompt file under " + promptDir, e);
    }
  }

  private static List<String> changedFiles(Git git, String base, String head) {
    return git.lines("diff", "--name-only", base + ".." + head);
  }
}
