package dev.prflow.activities.github;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A repository on GitHub, parsed from a task's {@code repository} field {@code
 * github:<owner>/<repo>}.
 */
public record GitHubRepository(String owner, String name) {

  public static final String HOST = "github";
  private static final String PREFIX = HOST + ":";
  private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  public GitHubRepository {
    if (owner == null || !OWNER.matcher(owner).matches()) {
      throw new IllegalArgumentException("invalid GitHub owner: " + owner);
    }
    if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("invalid GitHub repository name: " + name);
    }
  }

  /** Parses {@code github:owner/repo}; a trailing {@code .git} is dropped. */
  public static GitHubRepository parse(String repository) {
    if (repository == null || !repository.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "not a GitHub repository (want github:<owner>/<repo>): " + repository);
    }
    String rest = repository.substring(PREFIX.length()).strip();
    if (rest.endsWith(".git")) {
      rest = rest.substring(0, rest.length() - ".git".length());
    }
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash != rest.lastIndexOf('/') || slash == rest.length() - 1) {
      throw new IllegalArgumentException(
          "not a GitHub repository (want github:<owner>/<repo>): " + repository);
    }
    return new GitHubRepository(rest.substring(0, slash), rest.substring(slash + 1));
  }

  public static boolean isGitHub(String repository) {
    return repository != null && repository.startsWith(PREFIX);
  }

  /** {@code owner/name}, as GitHub spells it in URLs. */
  public String fullName() {
    return owner + "/" + name;
  }

  /** The canonical {@code github:owner/name} form stored with tasks and pull requests. */
  public String canonical() {
    return PREFIX + fullName();
  }

  /**
   * A short id-safe name for workflow ids: {@code owner-name} in lower case plus a hash of the full
   * name, e.g. {@code octocat-hello-world-1a2b3c}. GitHub names are case-insensitive, so {@code
   * Octocat/Hello-World} and {@code octocat/hello-world} share a key.
   */
  public String key() {
    String lower = fullName().toLowerCase(Locale.ROOT);
    String base = lower.replace('/', '-').replaceAll("[^a-z0-9._-]", "-");
    if (base.length() > 40) {
      base = base.substring(0, 40);
    }
    String hash = Integer.toHexString(lower.hashCode() & 0xffffff);
    return base + "-" + "0".repeat(6 - hash.length()) + hash;
  }
}
