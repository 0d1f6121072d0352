package dev.prflow.activities.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A command to run as an argument vector (never through a shell unless the caller passes {@code sh
 * -c} itself), with its directory, full environment, standard input and limits.
 */
public record ProcessSpec(
    List<String> command,
    Path directory,
    Map<String, String> environment,
    byte[] stdin,
    Duration timeout,
    int maxOutputBytes) {

  public ProcessSpec {
    command = List.copyOf(command);
    environment = environment == null ? null : Map.copyOf(environment);
  }

  public static ProcessSpec of(Path directory, Duration timeout, String... command) {
    return new ProcessSpec(List.of(command), directory, null, null, timeout, 1 << 20);
  }
}
