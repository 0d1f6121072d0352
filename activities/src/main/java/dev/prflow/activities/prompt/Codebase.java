package dev.prflow.activities.prompt;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One commit of a repository, as the prompt reads it: its file tree, the content of a file, and
 * which files contain a word. A local clone ({@link CodebaseReader}) and GitHub's API ({@link
 * TreeCodebase}) both answer, so the prompt builder does not care where the code lives. Every
 * answer comes from the same commit, so the same commit gives the same prompt.
 */
public interface Codebase {

  /** The ref as the task named it, e.g. the base branch. */
  String ref();

  /** The full id of the commit the ref resolved to; every read uses it. */
  String commit();

  /** Every file of the commit's tree (submodules excluded), sorted by path. */
  List<RepoFile> files();

  /**
   * Whether {@link #files()} is the whole tree: false when the host listed only part of a very
   * large one.
   */
  default boolean completeTree() {
    return true;
  }

  /**
   * The content of a committed file, decoded as UTF-8 (undecodable bytes become U+FFFD).
   *
   * @throws PromptGenerationException when the commit has no such file or it may not be read
   */
  String read(String path);

  /**
   * Which text files contain each term, case-insensitively.
   *
   * @return path to the terms found in it, in the order of {@code terms}; paths sorted
   */
  Map<String, Set<String>> grep(Collection<String> terms);
}
