package dev.prflow.activities.prompt;

import dev.prflow.activities.localgit.Git;
import dev.prflow.activities.localgit.GitException;
import dev.prflow.activities.process.ProcessResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one commit of a git repository through the git command line: the committed tree, not the
 * working directory, so a bare mirror or a checkout with local edits gives the same answer.
 */
public final class CodebaseReader implements Codebase {

  private final Git git;
  private final String ref;
  private final String commit;
  private List<RepoFile> files;

  private CodebaseReader(Git git, String ref, String commit) {
    this.git = git;
    this.ref = ref;
    this.commit = commit;
  }

  /**
   * Opens the repository whose top level (or bare git directory) is {@code repoDir} at {@code ref},
   * a branch, tag or commit; a blank ref means {@code HEAD}.
   *
   * @throws PromptGenerationException when repoDir is not a repository or ref names no commit
   */
  public static CodebaseReader open(Path repoDir, String ref) {
    if (repoDir == null) {
      throw new PromptGenerationException("no repository directory given");
    }
    String wanted = ref == null || ref.isBlank() ? "HEAD" : ref.strip();
    if (wanted.startsWith("-")) {
      throw new PromptGenerationException("invalid git ref '" + wanted + "'");
    }
    Git git = new Git(repoDir);
    try {
      if (!isRepositoryRoot(git)) {
        throw new PromptGenerationException(repoDir + " is not a git repository");
      }
      String commit =
          git.resolve(wanted)
              .orElseThrow(
                  () ->
                      new PromptGenerationException(
                          "ref '" + wanted + "' names no commit in the repository at " + repoDir));
      return new CodebaseReader(git, wanted, commit);
    } catch (UncheckedIOException e) {
      throw new PromptGenerationException("cannot run git in " + repoDir, e);
    }
  }

  /** The ref as given (or {@code HEAD}). */
  @Override
  public String ref() {
    return ref;
  }

  /** The full id of the commit the ref resolved to; every read uses it. */
  @Override
  public String commit() {
    return commit;
  }

  /** Every file of the commit's tree (submodules excluded), sorted by path. */
  @Override
  public List<RepoFile> files() {
    if (files == null) {
      String listing = run("ls-tree", "-r", "-l", "-z", "--full-tree", commit);
      List<RepoFile> parsed = new ArrayList<>();
      for (String record : listing.split("\0")) {
        RepoFile file = parseTreeRecord(record);
        if (file != null) {
          parsed.add(file);
        }
      }
      parsed.sort(Comparator.comparing(RepoFile::path));
      files = List.copyOf(parsed);
    }
    return files;
  }

  /**
   * The content of a committed file, decoded as UTF-8 (undecodable bytes become U+FFFD).
   *
   * @throws PromptGenerationException when the commit has no such file
   */
  @Override
  public String read(String path) {
    return run("cat-file", "blob", commit + ":" + path);
  }

  /**
   * Which text files contain each term, case-insensitively, as {@code git grep -I -l -i -F} finds
   * them in the commit.
   *
   * @return path to the terms found in it, in the order of {@code terms}; paths sorted
   */
  @Override
  public Map<String, Set<String>> grep(Collection<String> terms) {
    Map<String, Set<String>> hits = new TreeMap<>();
    String prefix = commit + ":";
    for (String term : new LinkedHashSet<>(terms)) {
      if (term == null || term.isBlank()) {
        continue;
      }
      ProcessResult result = exec("grep", "-I", "-l", "-i", "-F", "-z", "-e", term, commit);
      if (!result.succeeded()) {
        if (result.exitCode() == 1 && !result.timedOut()) {
          continue; // git grep's way of saying "no match"
        }
        throw new PromptGenerationException(
            "git grep for '"
                + term
                + "' failed in "
                + git.directory()
                + ": "
                + result.errorOutput().strip());
      }
      for (String name : result.output().split("\0")) {
        String path = name.strip();
        if (path.startsWith(prefix)) {
          path = path.substring(prefix.length());
        }
        if (!path.isEmpty()) {
          hits.computeIfAbsent(path, p -> new LinkedHashSet<>()).add(term);
        }
      }
    }
    return hits;
  }

  private static RepoFile parseTreeRecord(String record) {
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    int tab = record.indexOf('\t');
    if (tab < 0) {
      return null;
    }
    String[] meta = record.substring(0, tab).strip().split(" +");
    if (meta.length < 4 || !"blob".equals(meta[1])) {
      return null;
    }
    long size = "-".equals(meta[3]) ? 0 : Long.parseLong(meta[3]);
    String path = record.substring(tab + 1);
    return path.isEmpty() ? null : new RepoFile(path, meta[2], size, meta[0]);
  }

  /**
   * True when the directory itself is a repository: git also answers inside any subdirectory of a
   * repository, and reading the enclosing one would describe the wrong codebase.
   */
  private static boolean isRepositoryRoot(Git git) {
    if (!git.isRepository()) {
      return false;
    }
    ProcessResult bare = git.exec("rev-parse", "--is-bare-repository");
    if (bare.succeeded() && "true".equals(bare.output().strip())) {
      ProcessResult gitDir = git.exec("rev-parse", "--absolute-git-dir");
      return gitDir.succeeded() && samePath(Path.of(gitDir.output().strip()), git.directory());
    }
    ProcessResult cdup = git.exec("rev-parse", "--show-cdup");
    return cdup.succeeded() && cdup.output().isBlank();
  }

  private static boolean samePath(Path a, Path b) {
    try {
      return a.toRealPath().equals(b.toRealPath());
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  private String run(String... args) {
    try {
      return git.run(args);
    } catch (GitException e) {
      throw new PromptGenerationException(e.getMessage(), e);
    } catch (UncheckedIOException e) {
      throw new PromptGenerationException("cannot run git in " + git.directory(), e);
    }
  }

  private ProcessResult exec(String... args) {
    try {
      return git.exec(args);
    } catch (UncheckedIOException e) {
      throw new PromptGenerationException("cannot run git in " + git.directory(), e);
    }
  }
}
