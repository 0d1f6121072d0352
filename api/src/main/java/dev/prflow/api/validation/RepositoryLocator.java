package dev.prflow.api.validation;

import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.LocalRefs;
import dev.prflow.activities.localgit.RepositoryLocation;
import dev.prflow.activities.localgit.RepositoryRoots;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Checks the syntax of the {@code repository} field. Each {@link Kind} is recognised syntactically;
 * only the kinds in the supported set are accepted, the others are rejected with a "not supported
 * yet" problem. Enabling a kind is a matter of adding it to the supported set. A {@code local:}
 * path is also held to the repository roots before any git command runs on it.
 */
public final class RepositoryLocator {

  /** The forms a repository locator can take. */
  enum Kind {
    /** {@code local:<absolute path>}: a clone on the worker's file system. */
    LOCAL("local:", "local:<absolute path>"),
    /** {@code github:<owner>/<repo>}: a repository hosted on GitHub. */
    GITHUB("github:", "github:<owner>/<repo>");

    final String prefix;
    final String form;

    Kind(String prefix, String form) {
      this.prefix = prefix;
      this.form = form;
    }
  }

  private static final Pattern GITHUB_NAME = Pattern.compile("([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)");

  private RepositoryLocator() {}

  /** Returns why {@code value} is not an accepted locator, or null when it is accepted. */
  static String problem(String value, Set<Kind> supported) {
    if (value.startsWith(Kind.LOCAL.prefix)) {
      String path = value.substring(Kind.LOCAL.prefix.length());
      if (!path.startsWith("/")) {
        return "local path must be absolute (start with '/')";
      }
      if (path.indexOf('\0') >= 0) {
        return "local path must not contain NUL characters";
      }
      return supported.contains(Kind.LOCAL) ? null : notSupported(Kind.LOCAL);
    }
    if (value.startsWith(Kind.GITHUB.prefix)) {
      var m = GITHUB_NAME.matcher(value.substring(Kind.GITHUB.prefix.length()));
      boolean valid = m.matches() && !isDots(m.group(1)) && !isDots(m.group(2));
      if (valid) {
        return supported.contains(Kind.GITHUB) ? null : notSupported(Kind.GITHUB);
      }
      if (supported.contains(Kind.GITHUB)) {
        return "must be github:<owner>/<repo> where owner and repo consist of letters, digits,"
            + " '_', '.' and '-'";
      }
    }
    return "must be " + forms(supported);
  }

  /**
   * The git repository at a {@code local:} location, once the path is known to lie under {@code
   * roots} (symbolic links and {@code ..} resolved) and to hold a git repository.
   *
   * @throws ApiException 400 naming the {@code repository} field otherwise
   */
  public static Git localRepository(RepositoryLocation location, RepositoryRoots roots) {
    checkRoots(location, roots);
    Git git = location.git();
    if (!git.isRepository()) {
      throw noRepository(location);
    }
    return git;
  }

  /**
   * The refs of the repository at a {@code local:} location, read in-process (no git command),
   * under the same checks and answers as {@link #localRepository}.
   */
  public static LocalRefs.Refs localRefs(
      RepositoryLocation location, RepositoryRoots roots, LocalRefs refs) {
    checkRoots(location, roots);
    return refs.find(location.path()).orElseThrow(() -> noRepository(location));
  }

  private static void checkRoots(RepositoryLocation location, RepositoryRoots roots) {
    roots
        .problem(location.path())
        .ifPresent(
            problem -> {
              throw ApiException.badRequest(
                  "repository not allowed", List.of(new FieldProblem("repository", problem)));
            });
  }

  private static ApiException noRepository(RepositoryLocation location) {
    return ApiException.badRequest(
        "unknown repository",
        List.of(new FieldProblem("repository", "no git repository at " + location.path())));
  }

  private static boolean isDots(String name) {
    return name.equals(".") || name.equals("..");
  }

  private static String notSupported(Kind kind) {
    String name = kind.prefix.substring(0, kind.prefix.length() - 1);
    return name + " repositories are not supported yet";
  }

  private static String forms(Set<Kind> supported) {
    StringJoiner joiner = new StringJoiner(" or ");
    for (Kind kind : Kind.values()) {
      if (supported.contains(kind)) {
        joiner.add(kind.form);
      }
    }
    return joiner.length() == 0 ? "a supported repository" : joiner.toString();
  }
}
