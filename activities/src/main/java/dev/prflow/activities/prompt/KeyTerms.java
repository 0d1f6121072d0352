package dev.prflow.activities.prompt;

import dev.prflow.workflows.model.TaskSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words of a task that are likely to appear in the code it touches: they pick which files a
 * prompt quotes. Words every task shares ("add", "should", "test") would match everything, so they
 * are dropped.
 */
final class KeyTerms {

  static final int MAX_TERMS = 12;
  private static final int MIN_LENGTH = 3;
  private static final int TITLE_WEIGHT = 3;

  private static final Pattern NOT_LETTER = Pattern.compile("[^A-Za-z]+");
  private static final Pattern CAMEL_BOUNDARY =
      Pattern.compile("(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

  private static final Set<String> STOP_WORDS =
      Set.of(
          "about",
          "above",
          "across",
          "after",
          "again",
          "against",
          "all",
          "along",
          "also",
          "among",
          "and",
          "any",
          "are",
          "around",
          "because",
          "been",
          "before",
          "being",
          "below",
          "between",
          "both",
          "but",
          "can",
          "cannot",
          "could",
          "did",
          "does",
          "doing",
          "done",
          "down",
          "during",
          "each",
          "either",
          "else",
          "etc",
          "even",
          "ever",
          "every",
          "few",
          "for",
          "from",
          "further",
          "had",
          "has",
          "have",
          "having",
          "her",
          "here",
          "hers",
          "him",
          "his",
          "how",
          "however",
          "into",
          "its",
          "itself",
          "just",
          "least",
          "less",
          "like",
          "many",
          "may",
          "might",
          "more",
          "most",
          "much",
          "must",
          "neither",
          "nor",
          "not",
          "now",
          "off",
          "once",
          "one",
          "only",
          "onto",
          "other",
          "others",
          "our",
          "ours",
          "out",
          "over",
          "own",
          "per",
          "rather",
          "same",
          "shall",
          "she",
          "should",
          "since",
          "some",
          "such",
          "than",
          "that",
          "the",
          "their",
          "theirs",
          "them",
          "then",
          "there",
          "these",
          "they",
          "this",
          "those",
          "though",
          "through",
          "thus",
          "too",
          "two",
          "under",
          "unless",
          "until",
          "upon",
          "very",
          "via",
          "was",
          "were",
          "what",
          "whatever",
          "when",
          "where",
          "whether",
          "which",
          "while",
          "who",
          "whom",
          "whose",
          "why",
          "will",
          "with",
          "within",
          "without",
          "would",
          "yet",
          "you",
          "your",
          "yours");

  /** Words of any task, which say how to work rather than what the code is about. */
  private static final Set<String> GENERIC_WORDS =
      Set.of(
          "able",
          "add",
          "added",
          "adding",
          "adds",
          "allow",
          "allowed",
          "allows",
          "already",
          "based",
          "basic",
          "change",
          "changed",
          "changes",
          "class",
          "classes",
          "code",
          "correct",
          "correctly",
          "create",
          "created",
          "creates",
          "creating",
          "currently",
          "ensure",
          "ensures",
          "existing",
          "feature",
          "features",
          "file",
          "files",
          "fix",
          "fixed",
          "fixes",
          "following",
          "function",
          "functions",
          "get",
          "gets",
          "given",
          "handle",
          "handles",
          "handling",
          "implement",
          "implementation",
          "implemented",
          "implementing",
          "implements",
          "include",
          "included",
          "includes",
          "including",
          "make",
          "makes",
          "making",
          "method",
          "methods",
          "need",
          "needed",
          "needs",
          "new",
          "please",
          "proper",
          "properly",
          "provide",
          "provided",
          "provides",
          "return",
          "returned",
          "returns",
          "set",
          "sets",
          "simple",
          "something",
          "support",
          "supported",
          "supports",
          "task",
          "test",
          "tested",
          "testing",
          "tests",
          "thing",
          "things",
          "update",
          "updated",
          "updates",
          "use",
          "used",
          "uses",
          "using",
          "want",
          "way",
          "work",
          "works",
          "write",
          "written");

  private KeyTerms() {}

  /**
   * Up to {@link #MAX_TERMS} terms from the title, requirements and description, the most frequent
   * first; a title word counts {@value #TITLE_WEIGHT} times. Ties keep the order of first use.
   */
  static List<String> of(TaskSpec task) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    count(weights, task.title(), TITLE_WEIGHT);
    for (String requirement : task.requirements()) {
      count(weights, requirement, 1);
    }
    count(weights, task.description(), 1);
    // a stable sort over first-use order: equal weights keep the order the task uses them in
    return weights.entrySet().stream()
        .sorted(Comparator.comparingInt(e -> -e.getValue()))
        .limit(MAX_TERMS)
        .map(Map.Entry::getKey)
        .toList();
  }

  /** The candidate terms of a text in order of appearance, repeats kept. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    if (text == null) {
      return words;
    }
    for (String token : NOT_LETTER.split(text)) {
      for (String part : CAMEL_BOUNDARY.split(token)) {
        String word = part.toLowerCase(Locale.ROOT);
        if (word.length() < MIN_LENGTH || ignored(word)) {
          continue;
        }
        String term = singular(word);
        if (!ignored(term)) {
          words.add(term);
        }
      }
    }
    return words;
  }

  /**
   * The words of a file path, split like task text ("src/RateLimiter.java" gives src, rate,
   * limiter, java), each also in singular form. Matching terms against whole words rather than the
   * raw path keeps "rate" from matching "GeneratedPrompt".
   */
  static Set<String> pathWords(String path) {
    Set<String> words = new HashSet<>();
    for (String token : NOT_LETTER.split(path)) {
      for (String part : CAMEL_BOUNDARY.split(token)) {
        if (!part.isEmpty()) {
          String word = part.toLowerCase(Locale.ROOT);
          words.add(word);
          words.add(singular(word));
        }
      }
    }
    return words;
  }

  /** Whether a term is a path word or begins one ("limit" matches "limiter" and "limits"). */
  static boolean inPath(String term, Set<String> pathWords) {
    for (String word : pathWords) {
      if (word.startsWith(term)) {
        return true;
      }
    }
    return false;
  }

  private static boolean ignored(String word) {
    return STOP_WORDS.contains(word) || GENERIC_WORDS.contains(word);
  }

  private static void count(Map<String, Integer> weights, String text, int weight) {
    for (String word : words(text)) {
      weights.merge(word, weight, Integer::sum);
    }
  }

  /**
   * Drops a plural "s" ("tokens" to "token") so the term, matched as a substring, finds both forms;
   * "entries" becomes "entry", the form identifiers use; "status", "class" or "alias" stay.
   */
  private static String singular(String word) {
    if (word.length() > 4 && word.endsWith("ies")) {
      return word.substring(0, word.length() - 3) + "y";
    }
    if (word.length() > 4 && word.endsWith("s")) {
      char before = word.charAt(word.length() - 2);
      if ("suiao".indexOf(before) < 0) {
        return word.substring(0, word.length() - 1);
      }
    }
    return word;
  }
}
