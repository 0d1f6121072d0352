package dev.prflow.activities.sandbox;

import dev.prflow.activities.localgit.GitLayout;
import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs what prflow runs on a repository's behalf (the agent command, the test command) under
 * bubblewrap: its own PID namespace (the worker's processes and their {@code /proc/<pid>/environ}
 * invisible; a daemonised child dies with the sandbox), no capabilities, the root file system
 * read-only, a private {@code /tmp} holding a private {@code HOME}, prflow's home and the worker
 * user's home hidden under empty tmpfs mounts, and only the worktree writable again.
 *
 * <p>It only rewrites the argument vector that {@link ProcessRunner} runs: one way to run, time out
 * and kill processes. bwrap is started with the child's allowlisted environment (the spec's), never
 * the worker's: inside, bwrap is PID 1 and its {@code /proc/1/environ} is readable.
 */
public final class Sandbox {

  /** The private home directory inside the sandbox (in its private {@code /tmp}). */
  public static final String HOME_INSIDE = "/tmp/home";

  private static final Sandbox OFF = new Sandbox(null, List.of());

  private final Path bwrap;
  private final List<Path> hidden;

  private Sandbox(Path bwrap, List<Path> hidden) {
    this.bwrap = bwrap;
    this.hidden = List.copyOf(hidden);
  }

  /** No sandbox ({@code PRFLOW_SANDBOX=off}): commands run as the worker user, as they are. */
  public static Sandbox off() {
    return OFF;
  }

  /**
   * @param hidden directories covered by an empty tmpfs ({@code $PRFLOW_HOME}, the worker user's
   *     home); paths of a sandboxed command inside them are bound back
   */
  public static Sandbox bubblewrap(Path bwrap, List<Path> hidden) {
    return new Sandbox(bwrap, hidden);
  }

  /** The {@code bwrap} executable on a {@code PATH}, if any. */
  public static Optional<Path> findBubblewrap(String pathVariable) {
    if (pathVariable == null) {
      return Optional.empty();
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, "bwrap");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate.toAbsolutePath());
      }
    }
    return Optional.empty();
  }

  /**
   * Starts a trivial sandbox once; empty when it works, else what bwrap said (a kernel without
   * unprivileged user namespaces, a container that forbids mounts).
   */
  public Optional<String> probe() {
    if (!enabled()) {
      return Optional.empty();
    }
    ProcessSpec spec =
        confine(
            new ProcessSpec(
                List.of("true"),
                Path.of("/"),
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"),
                null,
                Duration.ofSeconds(20),
                8192),
            new SandboxMounts(List.of(), List.of(), false));
    ProcessResult result = ProcessRunner.run(spec);
    if (result.succeeded()) {
      return Optional.empty();
    }
    String said = result.output().strip();
    return Optional.of(
        bwrap
            + (result.timedOut() ? " timed out" : " exited with " + result.exitCode())
            + (said.isEmpty() ? "" : ": " + said.lines().findFirst().orElse(said)));
  }

  public boolean enabled() {
    return bwrap != null;
  }

  /** The {@code HOME} a sandboxed command gets; the worker's own without a sandbox. */
  public String home(Map<String, String> workerEnvironment) {
    return enabled() ? HOME_INSIDE : workerEnvironment.get("HOME");
  }

  /**
   * The spec, run inside the sandbox. Its environment (already the allowlisted one, never null) is
   * both bwrap's and, through bwrap, the command's. Without a sandbox the spec is returned as is.
   */
  public ProcessSpec confine(ProcessSpec spec, SandboxMounts mounts) {
    if (spec.environment() == null) {
      throw new IllegalArgumentException("a sandboxed command needs an explicit environment");
    }
    if (!enabled()) {
      return spec;
    }
    List<String> argv = new ArrayList<>();
    argv.add(bwrap.toString());
    argv.addAll(
        List.of(
            "--die-with-parent",
            "--unshare-pid",
            "--unshare-ipc",
            "--new-session",
            "--cap-drop",
            "ALL"));
    if (!mounts.network()) {
      argv.add("--unshare-net");
    }
    argv.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"));
    argv.addAll(List.of("--tmpfs", "/tmp", "--dir", HOME_INSIDE));
    List<Path> covered = new ArrayList<>();
    for (Path dir : hidden) {
      Path p = dir.toAbsolutePath().normalize();
      if (p.getParent() != null && Files.isDirectory(p)) {
        argv.addAll(List.of("--tmpfs", p.toString()));
        covered.add(p);
      }
    }
    for (Path p : existing(mounts.readOnly())) {
      argv.addAll(List.of("--ro-bind", p.toString(), p.toString()));
    }
    for (Path p : existing(mounts.writable())) {
      argv.addAll(List.of("--bind", p.toString(), p.toString()));
    }
    // The empty tmpfs over a hidden directory served to bind paths back into; nothing more.
    for (Path p : covered) {
      argv.addAll(List.of("--remount-ro", p.toString()));
    }
    if (spec.directory() != null) {
      argv.addAll(List.of("--chdir", spec.directory().toAbsolutePath().normalize().toString()));
    }
    argv.add("--");
    argv.addAll(spec.command());
    return spec.wrappedAs(argv, spec.environment());
  }

  /**
   * The git directories a worktree's git commands read: the repository's common directory and the
   * worktree's own administrative directory (inside it for linked worktrees). Asked before the
   * sandboxed command runs, while the worktree is still prflow's alone.
   */
  public static List<Path> gitDirectories(Path worktree) {
    Set<Path> dirs = new LinkedHashSet<>();
    GitLayout layout = GitLayout.of(worktree);
    for (Path d : List.of(layout.commonDir(), layout.gitDir())) {
      if (!d.toString().isEmpty()) {
        dirs.add(d.normalize());
      }
    }
    List<Path> result = new ArrayList<>();
    for (Path d : dirs) {
      if (result.stream().noneMatch(d::startsWith)) {
        result.add(d);
      }
    }
    return result;
  }

  private static List<Path> existing(List<Path> paths) {
    List<Path> result = new ArrayList<>();
    for (Path p : paths) {
      Path abs = p.toAbsolutePath().normalize();
      if (Files.exists(abs)) {
        result.add(abs);
      }
    }
    return result;
  }
}
