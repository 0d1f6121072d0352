package dev.prflow.activities.prompt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A codebase known by its tree listing and a way to fetch one blob, as a code host's API serves it:
 * nothing is cloned, so every file read is a request. Reads are bounded by {@link Budget}, and the
 * content search reads a bounded sample (files whose path matches a term first) instead of every
 * file as {@code git grep} does. The sample depends only on the tree and the terms, so the same
 * commit still gives the same prompt.
 */
public final class TreeCodebase implements Codebase {

  /**
   * How much one prompt may fetch.
   *
   * @param maxGrepFiles files whose content is searched for the key terms, at most
   * @param maxGrepBytes bytes of those files together
   * @param maxFileBytes a larger file is never fetched
   * @param maxReads blobs fetched in all (search, quotes and manifests)
   * @param maxReadBytes bytes fetched in all
   */
  public record Budget(
      int maxGrepFiles, long maxGrepBytes, long maxFileBytes, int maxReads, long maxReadBytes) {

    public Budget {
      if (maxGrepFiles < 0 || maxGrepBytes < 0 || maxFileBytes <= 0 || maxReads < 0) {
        throw new IllegalArgumentException("invalid read budget: " + this);
      }
    }

    public static Budget defaults() {
      return new Budget(40, 1_000_000, ContextSelector.MAX_CANDIDATE_BYTES, 80, 4_000_000);
    }
  }

  private final String ref;
  private final String commit;
  private final List<RepoFile> files;
  private final Map<String, RepoFile> byPath = new HashMap<>();
  private final boolean complete;
  private final Function<RepoFile, byte[]> blobs;
  private final Budget budget;
  private final Map<String, String> read = new HashMap<>();
  private int reads;
  private long readBytes;

  /**
   * @param files the tree's blobs, in any order
   * @param complete false when the host listed only part of the tree
   * @param blobs fetches one blob's bytes; its failures (a host that is down) pass through
   */
  public TreeCodebase(
      String ref,
      String commit,
      List<RepoFile> files,
      boolean complete,
      Function<RepoFile, byte[]> blobs,
      Budget budget) {
    this.ref = Objects.requireNonNull(ref, "ref");
    this.commit = Objects.requireNonNull(commit, "commit");
    this.files = files.stream().sorted(Comparator.comparing(RepoFile::path)).toList();
    this.files.forEach(f -> byPath.put(f.path(), f));
    this.complete = complete;
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.budget = Objects.requireNonNull(budget, "budget");
  }

  @Override
  public String ref() {
    return ref;
  }

  @Override
  public String commit() {
    return commit;
  }

  @Override
  public List<RepoFile> files() {
    return files;
  }

  @Override
  public boolean completeTree() {
    return complete;
  }

  /** Blobs fetched so far. */
  public int reads() {
    return reads;
  }

  @Override
  public String read(String path) {
    String cached = read.get(path);
    if (cached != null) {
      return cached;
    }
    RepoFile file = byPath.get(path);
    if (file == null) {
      throw new PromptGenerationException("no file " + path + " at commit " + commit);
    }
    if (file.size() > budget.maxFileBytes()) {
      throw new PromptGenerationException(path + " is too large to read");
    }
    if (reads >= budget.maxReads() || readBytes + file.size() > budget.maxReadBytes()) {
      throw new PromptGenerationException("the read budget is spent before " + path);
    }
    byte[] bytes = blobs.apply(file);
    reads++;
    readBytes += bytes.length;
    String content = new String(bytes, StandardCharsets.UTF_8);
    read.put(path, content);
    return content;
  }

  /**
   * Searches a sample: the candidate files whose path matches most terms, then their neighbours,
   * then the rest by depth, until {@link Budget#maxGrepFiles()} or {@link Budget#maxGrepBytes()}.
   */
  @Override
  public Map<String, Set<String>> grep(Collection<String> terms) {
    List<String> wanted =
        new LinkedHashSet<>(terms).stream().filter(t -> t != null && !t.isBlank()).toList();
    Map<String, Set<String>> hits = new TreeMap<>();
    if (wanted.isEmpty()) {
      return hits;
    }
    long grepBytes = 0;
    int searched = 0;
    for (RepoFile file : sample(wanted)) {
      if (searched >= budget.maxGrepFiles()) {
        break;
      }
      if (grepBytes + file.size() > budget.maxGrepBytes()) {
        continue;
      }
      String content;
      try {
        content = read(file.path());
      } catch (PromptGenerationException budgetSpent) {
        break;
      }
      searched++;
      grepBytes += file.size();
      if (ContextSelector.looksBinary(content)) {
        continue;
      }
      String lower = content.toLowerCase(Locale.ROOT);
      for (String term : wanted) {
        if (lower.contains(term.toLowerCase(Locale.ROOT))) {
          hits.computeIfAbsent(file.path(), p -> new LinkedHashSet<>()).add(term);
        }
      }
    }
    return hits;
  }

  /** The candidates in the order they are searched. */
  List<RepoFile> sample(List<String> terms) {
    Map<String, Integer> pathMatches = new HashMap<>();
    Set<String> matchedDirectories = new HashSet<>();
    List<RepoFile> candidates = new ArrayList<>();
    for (RepoFile file : files) {
      if (!ContextSelector.candidate(file) || file.size() > budget.maxFileBytes()) {
        continue;
      }
      candidates.add(file);
      Set<String> words = KeyTerms.pathWords(file.path());
      int matches = (int) terms.stream().filter(t -> KeyTerms.inPath(t, words)).count();
      if (matches > 0) {
        pathMatches.put(file.path(), matches);
        matchedDirectories.add(directory(file.path()));
      }
    }
    candidates.sort(
        Comparator.<RepoFile>comparingInt(f -> -pathMatches.getOrDefault(f.path(), 0))
            .thenComparingInt(f -> matchedDirectories.contains(directory(f.path())) ? 0 : 1)
            .thenComparingInt(RepoFile::depth)
            .thenComparing(RepoFile::path));
    return candidates;
  }

  private static String directory(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
