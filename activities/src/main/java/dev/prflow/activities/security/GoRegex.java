package dev.prflow.activities.security;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Rewrites the parts of Go RE2 syntax that gitleaks configs use and {@link java.util.regex.Pattern}
 * reads differently: {@code (?P<name>…)} groups (and names with underscores), POSIX classes such as
 * {@code [[:alnum:]]}, and a literal {@code [} or {@code &&} inside a character class. {@code
 * (?i)}, {@code (?s:…)}, {@code \z}, {@code \A}, {@code \b}, {@code \x{…}} and {@code \p{…}} mean
 * the same in both and pass through unchanged.
 */
final class GoRegex {

  private static final Map<String, String> POSIX =
      Map.ofEntries(
          Map.entry("alnum", "\\p{Alnum}"),
          Map.entry("alpha", "\\p{Alpha}"),
          Map.entry("ascii", "\\p{ASCII}"),
          Map.entry("blank", "\\p{Blank}"),
          Map.entry("cntrl", "\\p{Cntrl}"),
          Map.entry("digit", "\\p{Digit}"),
          Map.entry("graph", "\\p{Graph}"),
          Map.entry("lower", "\\p{Lower}"),
          Map.entry("print", "\\p{Print}"),
          Map.entry("punct", "\\p{Punct}"),
          Map.entry("space", "\\s"),
          Map.entry("upper", "\\p{Upper}"),
          Map.entry("word", "\\w"),
          Map.entry("xdigit", "\\p{XDigit}"));

  private GoRegex() {}

  static String toJava(String re2) {
    StringBuilder out = new StringBuilder(re2.length() + 8);
    Set<String> names = new HashSet<>();
    boolean inClass = false;
    int classStart = -1;
    int i = 0;
    int n = re2.length();
    while (i < n) {
      char c = re2.charAt(i);
      if (c == '\\' && i + 1 < n) {
        out.append(c).append(re2.charAt(i + 1));
        i += 2;
        continue;
      }
      if (inClass) {
        if (c == ']' && i > classStart) {
          inClass = false;
          out.append(c);
        } else if (c == ']') {
          out.append("\\]"); // a ']' first in a class is literal in RE2
        } else if (c == '[' && re2.startsWith("[:", i)) {
          int end = re2.indexOf(":]", i + 2);
          String name = end < 0 ? null : re2.substring(i + 2, end);
          boolean negated = name != null && name.startsWith("^");
          String key = negated ? name.substring(1) : name;
          String java = key == null ? null : POSIX.get(key);
          if (java == null) {
            out.append("\\[");
            i++;
            continue;
          }
          if (negated) {
            java = java.startsWith("\\p") ? "\\P" + java.substring(2) : java.toUpperCase();
          }
          out.append(java);
          i = end + 2;
          continue;
        } else if (c == '[') {
          out.append("\\[");
        } else if (c == '&' && i + 1 < n && re2.charAt(i + 1) == '&') {
          out.append("\\&");
        } else {
          out.append(c);
        }
        i++;
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append(c);
        i++;
        if (i < n && re2.charAt(i) == '^') {
          out.append('^');
          i++;
        }
        classStart = i; // a ']' right here is literal
        continue;
      }
      if (c == '(' && re2.startsWith("(?P<", i)) {
        int end = re2.indexOf('>', i + 4);
        if (end > 0) {
          out.append("(?<").append(groupName(re2.substring(i + 4, end), names)).append('>');
          i = end + 1;
          continue;
        }
      }
      if (c == '(' && re2.startsWith("(?<", i) && i + 3 < n) {
        char next = re2.charAt(i + 3);
        if (next != '=' && next != '!') {
          int end = re2.indexOf('>', i + 3);
          if (end > 0) {
            out.append("(?<").append(groupName(re2.substring(i + 3, end), names)).append('>');
            i = end + 1;
            continue;
          }
        }
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** Java group names are letters and digits starting with a letter, and must be unique. */
  private static String groupName(String name, Set<String> used) {
    StringBuilder clean = new StringBuilder();
    for (char ch : name.toCharArray()) {
      if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) {
        clean.append(ch);
      }
    }
    if (clean.length() == 0 || !Character.isLetter(clean.charAt(0))) {
      clean.insert(0, 'g');
    }
    String candidate = clean.toString();
    int suffix = 2;
    while (!used.add(candidate)) {
      candidate = clean.toString() + suffix++;
    }
    return candidate;
  }
}
