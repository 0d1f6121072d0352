package dev.prflow.activities.localgit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The directories {@code local:} repositories may live in ({@code PRFLOW_REPO_ROOTS}). A path is
 * judged by where it really is: symbolic links and {@code ..} are resolved first, so neither {@code
 * <root>/../elsewhere} nor a link inside a root that points outside gets through. The API asks
 * before it runs any git command on a path, and the worker asks again before a task's first step,
 * so a task stored before the roots changed fails with the reason instead of running.
 *
 * <p>Pure file-system checks, no git: the one implementation of the rule for the API and the
 * worker.
 */
public final class RepositoryRoots {

  /** The environment variable the roots come from. */
  public static final String VARIABLE = "PRFLOW_REPO_ROOTS";

  private final List<Path> roots;

  private RepositoryRoots(List<Path> roots) {
    this.roots = List.copyOf(roots);
  }

  /** No root at all: every {@code local:} repository is refused. */
  public static RepositoryRoots none() {
    return new RepositoryRoots(List.of());
  }

  /**
   * The given directories, each resolved to its real path; one that does not exist (or cannot be
   * resolved) is left out and reported to {@code warn} in one line naming {@link #VARIABLE}.
   */
  public static RepositoryRoots of(Collection<Path> directories, Consumer<String> warn) {
    List<Path> resolved = new ArrayList<>();
    for (Path directory : directories) {
      Optional<Path> real = realDirectory(directory);
      if (real.isEmpty()) {
        warn.accept(VARIABLE + ": " + directory + " is not an existing directory; it is ignored");
      } else if (!resolved.contains(real.get())) {
        resolved.add(real.get());
      }
    }
    return new RepositoryRoots(resolved);
  }

  /** The given directories, which must exist (tests, and roots prflow itself created). */
  public static RepositoryRoots of(Path... directories) {
    List<String> problems = new ArrayList<>();
    RepositoryRoots roots = of(List.of(directories), problems::add);
    if (!problems.isEmpty() || directories.length == 0) {
      throw new IllegalArgumentException(
          problems.isEmpty() ? "no root given, use none()" : problems.get(0));
    }
    return roots;
  }

  /** These roots and {@code directory} (created when missing), e.g. the demo's repositories. */
  public RepositoryRoots plus(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + directory + ": " + e.getMessage(), e);
    }
    List<Path> more = new ArrayList<>(roots);
    Path real = realDirectory(directory).orElseThrow();
    if (!more.contains(real)) {
      more.add(real);
    }
    return new RepositoryRoots(more);
  }

  /** The real paths of the roots, in the order given. */
  public List<Path> directories() {
    return roots;
  }

  /**
   * Why a {@code local:} repository at {@code path} may not be used, or empty when it lies under a
   * root. A path that does not exist is judged by its deepest existing ancestor, so the answer
   * never tells whether something exists outside the roots.
   */
  public Optional<String> problem(Path path) {
    Path absolute = path.toAbsolutePath();
    Path real = realPath(absolute);
    if (real != null) {
      return insideARoot(real) ? Optional.empty() : Optional.of(outside(path));
    }
    // Does not exist: under a root it is simply missing, outside it is refused like any other.
    Path ancestor = absolute.getParent();
    while (ancestor != null) {
      Path realAncestor = realPath(ancestor);
      if (realAncestor != null) {
        return insideARoot(realAncestor)
            ? Optional.of(path + " does not exist")
            : Optional.of(outside(path));
      }
      ancestor = ancestor.getParent();
    }
    return Optional.of(outside(path));
  }

  /** True when {@code path} really lies under a root. */
  public boolean allows(Path path) {
    return problem(path).isEmpty();
  }

  private boolean insideARoot(Path real) {
    for (Path root : roots) {
      if (real.startsWith(root)) {
        return true;
      }
    }
    return false;
  }

  private String outside(Path path) {
    return path
        + " lies outside "
        + VARIABLE
        + " ("
        + (roots.isEmpty() ? "no root configured" : describe())
        + ")";
  }

  /** The roots as {@code PRFLOW_REPO_ROOTS} would list them, {@code :}-separated. */
  public String describe() {
    return roots.stream().map(Path::toString).collect(Collectors.joining(":"));
  }

  private static Path realPath(Path path) {
    try {
      return path.toRealPath();
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  private static Optional<Path> realDirectory(Path directory) {
    Path real = realPath(directory.toAbsolutePath());
    return real != null && Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)
        ? Optional.of(real)
        : Optional.empty();
  }

  @Override
  public String toString() {
    return VARIABLE + "=" + describe();
  }
}
