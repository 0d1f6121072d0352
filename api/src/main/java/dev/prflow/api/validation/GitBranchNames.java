package dev.prflow.api.validation;

/**
 * Checks branch names against git's rules for ref names ({@code git check-ref-format --branch}),
 * without running git.
 */
public final class GitBranchNames {

  static final int MAX_LENGTH = 250;

  private static final String FORBIDDEN = "~^:?*[\\";

  private GitBranchNames() {}

  /** Returns why {@code name} is not a valid branch name, or null when it is valid. */
  public static String problem(String name) {
    if (name.isEmpty()) {
      return "must not be empty";
    }
    if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
      return "must be at most " + MAX_LENGTH + " characters";
    }
    String reason = reason(name);
    return reason == null ? null : "is not a valid git branch name: " + reason;
  }

  private static String reason(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "must not contain spaces";
      }
      if (c < 0x20 || c == 0x7f) {
        return "must not contain control characters";
      }
      if (FORBIDDEN.indexOf(c) >= 0) {
        return "must not contain '" + c + "'";
      }
    }
    if (name.contains("..")) {
      return "must not contain \"..\"";
    }
    if (name.contains("@{")) {
      return "must not contain \"@{\"";
    }
    if (name.equals("@")) {
      return "must not be \"@\"";
    }
    if (name.startsWith("-")) {
      return "must not start with '-'";
    }
    if (name.startsWith("/")) {
      return "must not start with '/'";
    }
    if (name.endsWith("/")) {
      return "must not end with '/'";
    }
    if (name.endsWith(".")) {
      return "must not end with '.'";
    }
    if (name.contains("//")) {
      return "must not contain \"//\"";
    }
    for (String component : name.split("/", -1)) {
      if (component.startsWith(".")) {
        return "components must not start with '.'";
      }
      if (component.endsWith(".lock")) {
        return "components must not end with \".lock\"";
      }
    }
    return null;
  }
}
