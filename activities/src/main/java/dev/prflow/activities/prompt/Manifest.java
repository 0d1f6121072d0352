package dev.prflow.activities.prompt;

import java.util.List;

/**
 * The dependencies one build manifest declares, so an agent reuses the libraries a project already
 * has instead of adding new ones. A manifest that cannot be parsed carries a {@code problem} and no
 * dependencies: a broken file in the target repository must not stop the prompt.
 *
 * @param path where the manifest lies in the repository
 * @param ecosystem e.g. Maven, npm, pip, Go modules
 * @param dependencies one line per dependency, in declaration order
 * @param problem why the manifest could not be read, or null
 */
public record Manifest(String path, String ecosystem, List<String> dependencies, String problem) {

  public Manifest {
    dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
  }

  static Manifest broken(String path, String ecosystem, String problem) {
    return new Manifest(path, ecosystem, List.of(), problem);
  }
}
