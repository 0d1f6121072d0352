package dev.prflow.activities.localgit;

import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The real git command line over one repository. Arguments are passed as a vector, never through a
 * shell, so branch names and paths cannot inject anything.
 *
 * <p>Every git command prflow runs goes through here, and none of them can run code a repository
 * (or an agent that wrote into it) planted: hooks are off ({@code core.hooksPath=/dev/null}), so is
 * {@code core.fsmonitor}, and the environment is minimal — {@code PATH}, an empty {@code HOME} of
 * prflow's own, {@code LANG=C}, no system or global configuration, no terminal prompt — with
 * credentials ({@code GitCredentials}) and proxy settings only for the commands that reach a
 * remote. stdout and stderr are read apart: what is parsed is stdout alone.
 */
public final class Git {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final int MAX_OUTPUT = 64 << 20;

  /** The subcommands that talk to a remote and so get credentials and proxy settings. */
  private static final Set<String> REMOTE_COMMANDS =
      Set.of("fetch", "pull", "push", "clone", "ls-remote");

  /** Passed from the worker to remote commands only, for a proxy or a private CA. */
  private static final List<String> NETWORK_VARIABLES =
      List.of(
          "HTTPS_PROXY",
          "https_proxy",
          "HTTP_PROXY",
          "http_proxy",
          "ALL_PROXY",
          "all_proxy",
          "NO_PROXY",
          "no_proxy",
          "SSL_CERT_FILE",
          "SSL_CERT_DIR",
          "GIT_SSL_CAINFO",
          "GIT_SSL_CAPATH");

  /** Commit identity, taken from the worker when set there, else prflow's. */
  private static final Map<String, String> IDENTITY =
      Map.of(
          "GIT_AUTHOR_NAME", "prflow",
          "GIT_AUTHOR_EMAIL", "prflow@localhost",
          "GIT_COMMITTER_NAME", "prflow",
          "GIT_COMMITTER_EMAIL", "prflow@localhost");

  /** Repositories this process has read refs of; shared by every {@code Git}. */
  private static final LocalRefs REFS = new LocalRefs();

  private final Path directory;
  private final Path gitDir;
  private final Map<String, String> remoteEnvironment;
  private final int maxOutput;

  public Git(Path directory) {
    this(directory, Map.of());
  }

  /**
   * A repository whose commands that reach a remote (fetch, push…) also get {@code
   * remoteEnvironment} (credentials); its local commands never do.
   */
  public Git(Path directory, Map<String, String> remoteEnvironment) {
    this(directory, null, remoteEnvironment);
  }

  private Git(Path directory, Path gitDir, Map<String, String> remoteEnvironment) {
    this(directory, gitDir, remoteEnvironment, MAX_OUTPUT);
  }

  private Git(Path directory, Path gitDir, Map<String, String> remoteEnvironment, int maxOutput) {
    this.directory = directory;
    this.gitDir = gitDir;
    this.remoteEnvironment = Map.copyOf(remoteEnvironment);
    this.maxOutput = maxOutput;
  }

  /** The same repository with a smaller output cap, for tests of the cap. */
  Git withOutputCap(int bytes) {
    return new Git(directory, gitDir, remoteEnvironment, bytes);
  }

  /**
   * A worktree whose git directory is named explicitly ({@code --git-dir}, {@code --work-tree}),
   * for commands run after someone else wrote into the worktree: a {@code .git} file or directory
   * it planted there is never read, nor the configuration such a directory would bring.
   */
  public static Git worktree(Path worktree, Path gitDir) {
    return new Git(worktree, gitDir, Map.of());
  }

  public Path directory() {
    return directory;
  }

  /** Runs git and returns its stdout; throws {@link GitException} on a non-zero exit. */
  public String run(String... args) {
    ProcessResult result = exec(args);
    if (!result.succeeded()) {
      String said = result.errorOutput().isBlank() ? result.output() : result.errorOutput();
      throw new GitException(
          "git "
              + String.join(" ", args)
              + (result.timedOut()
                  ? " timed out after " + TIMEOUT.toSeconds() + " s"
                  : " failed (" + result.exitCode() + ")")
              + ": "
              + said.strip());
    }
    return result.output();
  }

  /**
   * Runs git and returns the raw result, whatever its exit code: {@code output} is stdout, {@code
   * errorOutput} stderr. Output over the cap throws {@link GitException}, never a silent tail.
   */
  public ProcessResult exec(String... args) {
    return exec(TIMEOUT, () -> true, args);
  }

  /**
   * Runs a long git command (a fetch): {@code keepGoing} is asked about every 200 ms while it runs,
   * so the caller can heartbeat, and returning false kills it.
   */
  public ProcessResult exec(Duration timeout, BooleanSupplier keepGoing, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    for (String setting :
        List.of("core.quotepath=off", "core.hooksPath=/dev/null", "core.fsmonitor=false")) {
      command.add("-c");
      command.add(setting);
    }
    if (gitDir != null) {
      command.add("--git-dir=" + gitDir);
      command.add("--work-tree=" + directory);
    }
    command.addAll(Arrays.asList(args));
    boolean remote = args.length > 0 && REMOTE_COMMANDS.contains(args[0]);
    ProcessResult result =
        ProcessRunner.run(
            new ProcessSpec(
                command, directory, environment(remote), null, timeout, maxOutput, true),
            keepGoing);
    if (result.truncated()) {
      throw new GitException(
          "git "
              + String.join(" ", args)
              + " wrote more than "
              + maxOutput
              + " bytes; prflow does not use a cut output");
    }
    return result;
  }

  private Map<String, String> environment(boolean remote) {
    Map<String, String> worker = System.getenv();
    Map<String, String> env = new HashMap<>();
    String path = worker.get("PATH");
    env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
    String home = EmptyHome.path().toString();
    env.put("HOME", home);
    env.put("XDG_CONFIG_HOME", home);
    env.put("LANG", "C");
    env.put("LC_ALL", "C");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    IDENTITY.forEach(
        (name, fallback) -> {
          String value = worker.get(name);
          env.put(name, value == null || value.isBlank() ? fallback : value);
        });
    if (remote) {
      for (String name : NETWORK_VARIABLES) {
        String value = worker.get(name);
        if (value != null) {
          env.put(name, value);
        }
      }
      env.putAll(remoteEnvironment);
    }
    return env;
  }

  public boolean isRepository() {
    return Files.isDirectory(directory) && exec("rev-parse", "--git-dir").succeeded();
  }

  /** The branch HEAD points at: the repository's default branch. */
  public Optional<String> defaultBranch() {
    ProcessResult result = exec("symbolic-ref", "--quiet", "--short", "HEAD");
    return result.succeeded() ? Optional.of(result.output().strip()) : Optional.empty();
  }

  public boolean branchExists(String branch) {
    return resolve("refs/heads/" + branch).isPresent();
  }

  /**
   * The commit a ref names, or empty when it names none: read in-process ({@link LocalRefs}) for a
   * plain repository directory, asked of {@code git rev-parse} when it cannot be read so.
   */
  public Optional<String> resolve(String ref) {
    if (gitDir == null && remoteEnvironment.isEmpty()) {
      try {
        Optional<LocalRefs.Refs> refs = REFS.find(directory);
        if (refs.isPresent()) {
          return refs.get().resolve(ref);
        }
      } catch (RuntimeException unreadable) {
        // git itself says
      }
    }
    ProcessResult result = exec("rev-parse", "--verify", "--quiet", ref + "^{commit}");
    return result.succeeded() ? Optional.of(result.output().strip()) : Optional.empty();
  }

  /** Lines of output, without blank ones. */
  public List<String> lines(String... args) {
    return run(args).lines().filter(line -> !line.isBlank()).toList();
  }

  /** An empty directory of prflow's own, made once per process, for git's {@code HOME}. */
  private static final class EmptyHome {
    private static final Path PATH = create();

    static Path path() {
      return PATH;
    }

    private static Path create() {
      try {
        Path dir = Files.createTempDirectory("prflow-git-home-");
        dir.toFile().deleteOnExit();
        return dir;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create an empty HOME for git", e);
      }
    }
  }
}
