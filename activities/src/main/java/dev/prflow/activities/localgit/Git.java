package dev.prflow.activities.localgit;

import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The real git command line over one repository. Arguments are passed as a vector, never through a
 * shell, so branch names and paths cannot inject anything.
 */
public final class Git {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final int MAX_OUTPUT = 64 << 20;

  private final Path directory;
  private final Map<String, String> extraEnvironment;

  public Git(Path directory) {
    this(directory, Map.of());
  }

  /** A repository whose git commands also get {@code extraEnvironment} (e.g. credentials). */
  public Git(Path directory, Map<String, String> extraEnvironment) {
    this.directory = directory;
    this.extraEnvironment = Map.copyOf(extraEnvironment);
  }

  public Path directory() {
    return directory;
  }

  /** Runs git and returns stdout+stderr; throws {@link GitException} on a non-zero exit. */
  public String run(String... args) {
    ProcessResult result = exec(args);
    if (!result.succeeded()) {
      throw new GitException(
          "git "
              + String.join(" ", args)
              + " failed ("
              + result.exitCode()
              + "): "
              + result.output().strip());
    }
    return result.output();
  }

  /** Runs git and returns the raw result, whatever its exit code. */
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
    command.add("-c");
    command.add("core.quotepath=off");
    command.addAll(Arrays.asList(args));
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("LC_ALL", "C");
    env.putIfAbsent("GIT_AUTHOR_NAME", "prflow");
    env.putIfAbsent("GIT_AUTHOR_EMAIL", "prflow@localhost");
    env.putIfAbsent("GIT_COMMITTER_NAME", "prflow");
    env.putIfAbsent("GIT_COMMITTER_EMAIL", "prflow@localhost");
    env.putAll(extraEnvironment);
    return ProcessRunner.run(
        new ProcessSpec(command, directory, env, null, timeout, MAX_OUTPUT), keepGoing);
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
    return exec("rev-parse", "--verify", "--quiet", "refs/heads/" + branch + "^{commit}")
        .succeeded();
  }

  /** The commit a ref names, or empty when it names none. */
  public Optional<String> resolve(String ref) {
    ProcessResult result = exec("rev-parse", "--verify", "--quiet", ref + "^{commit}");
    return result.succeeded() ? Optional.of(result.output().strip()) : Optional.empty();
  }

  /** Lines of output, without blank ones. */
  public List<String> lines(String... args) {
    return run(args).lines().filter(line -> !line.isBlank()).toList();
  }
}
