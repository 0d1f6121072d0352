package dev.prflow.activities.localgit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The one way tests configure {@code PRFLOW_REPO_ROOTS}: a test keeps its repositories under {@code
 * <dir>/repos} (the same layout as the default {@code $PRFLOW_HOME/repos}) and gives that root to
 * the API and the worker through here.
 */
public final class TestRepositoryRoots {

  private TestRepositoryRoots() {}

  /** {@code <dir>/repos}, created: where a test's repositories go. */
  public static Path directory(Path dir) {
    Path root = dir.resolve("repos");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  /** Roots holding {@link #directory(Path)} only, for the API's dependencies or an activity. */
  public static RepositoryRoots under(Path dir) {
    return RepositoryRoots.of(directory(dir));
  }

  /** {@code env} with {@code PRFLOW_REPO_ROOTS} naming {@link #directory(Path)}, for a worker. */
  public static Map<String, String> withRoot(Path dir, Map<String, String> env) {
    Map<String, String> all = new HashMap<>(env);
    all.put(RepositoryRoots.VARIABLE, directory(dir).toString());
    return all;
  }
}
