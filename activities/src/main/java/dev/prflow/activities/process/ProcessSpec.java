package dev.prflow.activities.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command to run as an argument vector (never through a shell unless the caller passes {@code sh
 * -c} itself), with its directory, full environment, standard input and limits.
 *
 * @param environment the child's whole environment, or null to inherit the worker's
 * @param separateErrorOutput stderr is read apart into {@link ProcessResult#errorOutput()} instead
 *     of being interleaved with stdout, for callers that parse stdout (git)
 */
public record ProcessSpec(
    List<String> command,
    Path directory,
    Map<String, String> environment,
    byte[] stdin,
    Duration timeout,
    int maxOutputBytes,
    boolean separateErrorOutput) {

  public ProcessSpec {
    command = List.copyOf(command);
    environment = environment == null ? null : Map.copyOf(environment);
  }

  public ProcessSpec(
      List<String> command,
      Path directory,
      Map<String, String> environment,
      byte[] stdin,
      Duration timeout,
      int maxOutputBytes) {
    this(command, directory, environment, stdin, timeout, maxOutputBytes, false);
  }

  public static ProcessSpec of(Path directory, Duration timeout, String... command) {
    return new ProcessSpec(List.of(command), directory, null, null, timeout, 1 << 20);
  }

  /** The same process started through another argument vector and environment (a sandbox). */
  public ProcessSpec wrappedAs(List<String> wrapper, Map<String, String> wrapperEnvironment) {
    return new ProcessSpec(
        wrapper,
        directory,
        wrapperEnvironment,
        stdin,
        timeout,
        maxOutputBytes,
        separateErrorOutput);
  }
}
