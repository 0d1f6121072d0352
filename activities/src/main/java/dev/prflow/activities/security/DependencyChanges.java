package dev.prflow.activities.security;

import dev.prflow.activities.diff.FileDiff;
import dev.prflow.activities.prompt.Manifest;
import dev.prflow.activities.prompt.ManifestParser;
import dev.prflow.workflows.model.DependencyChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares the dependencies that the manifests touched by a diff declare at base and at head, so a
 * reviewer sees every library the change brings in, drops or moves.
 */
final class DependencyChanges {

  static final String ADDED = "added";
  static final String REMOVED = "removed";
  static final String UPGRADED = "upgraded";
  static final String DOWNGRADED = "downgraded";
  static final String CHANGED = "changed";

  private static final Pattern NUMBERS = Pattern.compile("(\\d+(?:\\.\\d+)*)");
  private static final Pattern SUFFIX = Pattern.compile("\\s+\\((?:dev|indirect|[a-z]+)\\)$");

  private DependencyChanges() {}

  static List<DependencyChange> of(List<FileDiff> files, ManifestSource source, Skipped skipped) {
    List<DependencyChange> changes = new ArrayList<>();
    for (FileDiff file : files) {
      String name = file.path().substring(file.path().lastIndexOf('/') + 1);
      if (!ManifestParser.isManifest(name)) {
        continue;
      }
      String basePath = file.oldPath() == null ? file.path() : file.oldPath();
      Optional<String> base;
      Optional<String> head;
      try {
        base =
            file.type() == FileDiff.ChangeType.ADDED ? Optional.empty() : source.atBase(basePath);
        head =
            file.type() == FileDiff.ChangeType.DELETED
                ? Optional.empty()
                : source.atHead(file.path());
      } catch (RuntimeException e) {
        skipped.add(
            file.path() + ": manifest could not be read (" + e.getClass().getSimpleName() + ")");
        continue;
      }
      if (base.isEmpty() && head.isEmpty()) {
        skipped.add(file.path() + ": manifest text unavailable, dependency changes not compared");
        continue;
      }
      Map<String, String> before = dependencies(basePath, base, "base", skipped);
      Map<String, String> after = dependencies(file.path(), head, "head", skipped);
      if (before == null || after == null) {
        continue;
      }
      compare(file.path(), before, after, changes);
    }
    return changes;
  }

  static void compare(
      String manifest,
      Map<String, String> before,
      Map<String, String> after,
      List<DependencyChange> into) {
    for (Map.Entry<String, String> entry : after.entrySet()) {
      String name = entry.getKey();
      String to = entry.getValue();
      if (!before.containsKey(name)) {
        into.add(new DependencyChange(manifest, name, null, to, ADDED));
        continue;
      }
      String from = before.get(name);
      if (!java.util.Objects.equals(from, to)) {
        into.add(new DependencyChange(manifest, name, from, to, direction(from, to)));
      }
    }
    for (Map.Entry<String, String> entry : before.entrySet()) {
      if (!after.containsKey(entry.getKey())) {
        into.add(new DependencyChange(manifest, entry.getKey(), entry.getValue(), null, REMOVED));
      }
    }
  }

  /** {@code upgraded}/{@code downgraded} when both versions carry numbers, else {@code changed}. */
  static String direction(String from, String to) {
    if (from == null || to == null) {
      return CHANGED;
    }
    Matcher a = NUMBERS.matcher(from);
    Matcher b = NUMBERS.matcher(to);
    if (!a.find() || !b.find()) {
      return CHANGED;
    }
    String[] x = a.group(1).split("\\.");
    String[] y = b.group(1).split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int cmp = compareNumber(i < x.length ? x[i] : "0", i < y.length ? y[i] : "0");
      if (cmp != 0) {
        return cmp < 0 ? UPGRADED : DOWNGRADED;
      }
    }
    // same numbers: a release after its pre-release is an upgrade (1.0.0-rc1 -> 1.0.0)
    String restFrom = from.substring(a.end()).strip();
    String restTo = to.substring(b.end()).strip();
    if (!restFrom.isEmpty() && restTo.isEmpty() && restFrom.startsWith("-")) {
      return UPGRADED;
    }
    if (restFrom.isEmpty() && !restTo.isEmpty() && restTo.startsWith("-")) {
      return DOWNGRADED;
    }
    return CHANGED;
  }

  private static int compareNumber(String a, String b) {
    String x = a.replaceFirst("^0+(?=\\d)", "");
    String y = b.replaceFirst("^0+(?=\\d)", "");
    if (x.length() != y.length()) {
      return Integer.compare(x.length(), y.length());
    }
    return x.compareTo(y);
  }

  /** Name to version (null when unpinned); null when the manifest could not be parsed. */
  private static Map<String, String> dependencies(
      String path, Optional<String> text, String side, Skipped skipped) {
    Map<String, String> out = new LinkedHashMap<>();
    if (text.isEmpty()) {
      return out;
    }
    Manifest manifest = ManifestParser.parse(path, text.get());
    if (manifest == null) {
      return out;
    }
    if (manifest.problem() != null && manifest.dependencies().isEmpty()) {
      skipped.add(path + " at " + side + ": " + manifest.problem());
      return null;
    }
    for (String line : manifest.dependencies()) {
      String[] nameVersion = split(manifest.ecosystem(), line);
      out.putIfAbsent(nameVersion[0], nameVersion[1]);
    }
    return out;
  }

  /** Splits one of {@link ManifestParser}'s dependency lines into name and version. */
  static String[] split(String ecosystem, String line) {
    String text = SUFFIX.matcher(line).replaceFirst("");
    switch (ecosystem) {
      case "Maven" -> {
        String[] parts = text.split(":", 3);
        if (parts.length == 3) {
          return new String[] {parts[0] + ":" + parts[1], parts[2]};
        }
        return new String[] {text, null};
      }
      case "npm" -> {
        int at = text.lastIndexOf('@');
        if (at > 0) {
          return new String[] {text.substring(0, at), text.substring(at + 1)};
        }
        return new String[] {text, null};
      }
      default -> {
        // pip "name[extras] ==1.2" and Go "module v1.2.3"
        int space = text.indexOf(' ');
        if (space > 0) {
          String name = text.substring(0, space);
          String version = text.substring(space + 1).strip();
          if ("pip".equals(ecosystem)) {
            name =
                name.replaceFirst("\\[.*$", "")
                    .toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-');
            version = version.startsWith("==") ? version.substring(2).strip() : version;
          }
          return new String[] {name, version.isEmpty() ? null : version};
        }
        String name = text.replaceFirst("\\[.*$", "");
        if ("pip".equals(ecosystem)) {
          name = name.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
        return new String[] {name, null};
      }
    }
  }
}
