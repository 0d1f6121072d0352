package dev.prflow.activities.prompt;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A file that matched some of a task's key terms. A term in the path says more about a file than a
 * term somewhere in its text, so it weighs more.
 *
 * @param pathTerms key terms found in the path
 * @param contentTerms key terms found in the content
 */
record RankedFile(RepoFile file, List<String> pathTerms, List<String> contentTerms) {

  static final int PATH_WEIGHT = 3;
  static final int CONTENT_WEIGHT = 1;

  RankedFile {
    pathTerms = List.copyOf(pathTerms);
    contentTerms = List.copyOf(contentTerms);
  }

  String path() {
    return file.path();
  }

  int score() {
    return PATH_WEIGHT * pathTerms.size() + CONTENT_WEIGHT * contentTerms.size();
  }

  /** Every term matched, path terms first. */
  List<String> terms() {
    Set<String> all = new LinkedHashSet<>(pathTerms);
    all.addAll(contentTerms);
    return List.copyOf(all);
  }
}
