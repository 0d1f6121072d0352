package dev.prflow.activities.prompt;

import dev.prflow.activities.localgit.RepositoryLocation;

/** Reads {@code local:} repositories with git, at the commit the ref names. */
public final class LocalCodebaseSource implements CodebaseSource {

  @Override
  public Codebase open(String repository, String ref) {
    RepositoryLocation location = RepositoryLocation.parse(repository); // bad input: IAE
    if (!location.isLocal()) {
      throw new PromptGenerationException("not a local repository: " + repository);
    }
    return CodebaseReader.open(location.path(), ref);
  }
}
