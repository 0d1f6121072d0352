package dev.prflow.activities.prompt;

import dev.prflow.workflows.model.GeneratedPrompt;
import dev.prflow.workflows.model.PromptRequest;
import dev.prflow.workflows.model.TaskSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collector;
import java.util.stream.Collectors;

/**
 * Turns a task into the prompt a coding agent works from, with the codebase context it needs: the
 * files that match the task's words, the file tree and the declared dependencies, all read from one
 * commit so that the same task, commit and limits always give the same prompt. The acceptance
 * criteria become the checks the pull request is validated against, so the agent knows the bar
 * before it starts.
 */
public final class PromptGenerator {

  public static final Set<String> STYLES = Set.of("comprehensive", "concise", "step_by_step");

  static final String COMPREHENSIVE = "comprehensive";
  static final String CONCISE = "concise";
  static final String STEP_BY_STEP = "step_by_step";
  static final String TRUNCATED = "… (truncated)";

  /** A concise prompt lists no more paths of the tree than this. */
  static final int CONCISE_TREE_ENTRIES = 40;

  static final int MAX_MANIFEST_DEPTH = 2;
  static final int MAX_MANIFESTS = 12;
  static final int MAX_DEPENDENCIES_LISTED = 60;
  static final int MAX_FEEDBACK_CHARS = 8_000;
  static final int MAX_UNQUOTED_LISTED = 10;

  private static final List<String> STYLE_ORDER = List.of(COMPREHENSIVE, CONCISE, STEP_BY_STEP);
  private static final Map<String, String> STRATEGIES =
      Map.of(
          "fix_forward",
          "continue on the existing branch and pull request of the previous attempt, and fix what"
              + " the feedback reports instead of starting over.",
          "regenerate_prompt",
          "start again from the base branch with this regenerated prompt, and avoid the problems"
              + " the feedback reports.",
          "different_approach",
          "take a different approach than the previous attempt; do not repeat the design that"
              + " failed.",
          "simplified_scope",
          "implement only the essential requirements, with the smallest change that satisfies the"
              + " validation criteria; leave optional improvements out.");
  private static final Map<String, String> FENCE_LANGUAGES =
      Map.ofEntries(
          Map.entry("java", "java"),
          Map.entry("kt", "kotlin"),
          Map.entry("kts", "kotlin"),
          Map.entry("groovy", "groovy"),
          Map.entry("gradle", "groovy"),
          Map.entry("scala", "scala"),
          Map.entry("py", "python"),
          Map.entry("js", "javascript"),
          Map.entry("mjs", "javascript"),
          Map.entry("cjs", "javascript"),
          Map.entry("jsx", "jsx"),
          Map.entry("ts", "typescript"),
          Map.entry("tsx", "tsx"),
          Map.entry("go", "go"),
          Map.entry("rs", "rust"),
          Map.entry("rb", "ruby"),
          Map.entry("php", "php"),
          Map.entry("cs", "csharp"),
          Map.entry("c", "c"),
          Map.entry("h", "c"),
          Map.entry("cpp", "cpp"),
          Map.entry("hpp", "cpp"),
          Map.entry("swift", "swift"),
          Map.entry("sh", "bash"),
          Map.entry("sql", "sql"),
          Map.entry("xml", "xml"),
          Map.entry("html", "html"),
          Map.entry("css", "css"),
          Map.entry("json", "json"),
          Map.entry("yaml", "yaml"),
          Map.entry("yml", "yaml"),
          Map.entry("toml", "toml"),
          Map.entry("md", "markdown"),
          Map.entry("properties", "properties"));

  private final PromptLimits limits;

  public PromptGenerator(PromptLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
  }

  /**
   * Reads the codebase at {@code ref} (a branch or commit) of the git repository at {@code repoDir}
   * and builds the prompt.
   *
   * @throws IllegalArgumentException when the style is not one of {@link #STYLES}
   * @throws PromptGenerationException when repoDir is not a repository or ref names no commit
   */
  public GeneratedPrompt generate(PromptRequest request, Path repoDir, String ref) {
    Objects.requireNonNull(request, "request");
    TaskSpec task = request.task();
    if (task == null) {
      throw new IllegalArgumentException("the prompt request has no task");
    }
    styleOf(request); // a bad style is reported before the repository is read
    return generate(request, CodebaseReader.open(repoDir, ref));
  }

  /**
   * Builds the prompt from a codebase opened elsewhere: a local clone or a code host's API.
   *
   * @throws IllegalArgumentException when the style is not one of {@link #STYLES}
   */
  public GeneratedPrompt generate(PromptRequest request, Codebase reader) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(reader, "codebase");
    TaskSpec task = request.task();
    if (task == null) {
      throw new IllegalArgumentException("the prompt request has no task");
    }
    String style = styleOf(request);
    Context context = read(reader, task, style);

    StringBuilder out = new StringBuilder();
    header(out, task, reader);
    attempt(out, request);
    feedback(out, request.feedback());
    description(out, task);
    requirements(out, task);
    validationCriteria(out, task);
    switch (style) {
      case CONCISE -> {
        relevantPaths(out, context);
        tree(out, context, Math.min(limits.maxTreeEntries(), CONCISE_TREE_ENTRIES));
      }
      case STEP_BY_STEP -> {
        plan(out, request, context);
        fullContext(out, context);
      }
      default -> fullContext(out, context);
    }
    instructions(out);
    List<String> contextFiles = context.quoted().stream().map(ContextFile::path).toList();
    List<String> manifests = context.manifests().stream().map(Manifest::path).toList();
    return new GeneratedPrompt(style, out.toString(), contextFiles, manifests);
  }

  /**
   * The request's style, else the task's, else comprehensive.
   *
   * @throws IllegalArgumentException when it is not one of {@link #STYLES}
   */
  public static String styleOf(PromptRequest request) {
    String raw = firstNonBlank(request.style(), request.task().promptStyle(), COMPREHENSIVE);
    String style = raw.strip().toLowerCase(Locale.ROOT);
    if (!STYLES.contains(style)) {
      throw new IllegalArgumentException(
          "unknown prompt style '" + raw + "'; allowed: " + String.join(", ", STYLE_ORDER));
    }
    return style;
  }

  /** What the prompt says about the codebase, gathered before any text is written. */
  private record Context(
      String ref,
      boolean completeTree,
      List<String> terms,
      List<RepoFile> tree,
      int vendoredFiles,
      List<RankedFile> ranked,
      List<ContextFile> quoted,
      List<Manifest> manifests) {}

  private Context read(Codebase reader, TaskSpec task, String style) {
    List<RepoFile> files = reader.files();
    List<RepoFile> tree = files.stream().filter(f -> !ContextSelector.vendored(f.path())).toList();
    List<String> terms = KeyTerms.of(task);
    List<RankedFile> ranked =
        terms.isEmpty() ? List.of() : ContextSelector.rank(files, terms, reader.grep(terms));
    List<ContextFile> quoted = ContextSelector.quote(ranked, reader, limits);
    List<Manifest> manifests = CONCISE.equals(style) ? List.of() : manifests(reader, tree);
    return new Context(
        reader.ref(),
        reader.completeTree(),
        terms,
        tree,
        files.size() - tree.size(),
        ranked,
        quoted,
        manifests);
  }

  private static List<Manifest> manifests(Codebase reader, List<RepoFile> tree) {
    return tree.stream()
        .filter(f -> f.depth() <= MAX_MANIFEST_DEPTH && !f.symlink())
        .filter(f -> ManifestParser.isManifest(f.name()))
        .sorted(Comparator.comparingInt(RepoFile::depth).thenComparing(RepoFile::path))
        .limit(MAX_MANIFESTS)
        .map(f -> manifest(reader, f))
        .toList();
  }

  private static Manifest manifest(Codebase reader, RepoFile file) {
    String ecosystem = ManifestParser.ecosystem(file.name());
    if (file.size() > ContextSelector.MAX_CANDIDATE_BYTES) {
      return Manifest.broken(file.path(), ecosystem, "too large to read");
    }
    try {
      return ManifestParser.parse(file.path(), reader.read(file.path()));
    } catch (PromptGenerationException e) {
      return Manifest.broken(file.path(), ecosystem, "could not be read");
    }
  }

  private static void header(StringBuilder out, TaskSpec task, Codebase reader) {
    String title = oneLine(firstNonBlank(task.title(), "(untitled task)"));
    out.append("# Task: ").append(title).append("\n\n");
    out.append(
        "You are an AI coding agent. Make the change this task describes in the repository"
            + " below, then open a pull request with it.\n\n");
    if (task.repository() != null && !task.repository().isBlank()) {
      out.append("- Repository: ").append(code(oneLine(task.repository()))).append('\n');
    }
    out.append("- Code read from: ")
        .append(code(reader.ref()))
        .append(" at commit ")
        .append(code(reader.commit().substring(0, Math.min(12, reader.commit().length()))))
        .append('\n');
    out.append("- Priority: ").append(orUnspecified(task.priority())).append('\n');
    out.append("- Estimated complexity: ")
        .append(orUnspecified(task.estimatedComplexity()))
        .append('\n');
  }

  private static void attempt(StringBuilder out, PromptRequest request) {
    String strategy =
        request.strategy() == null ? "" : request.strategy().strip().toLowerCase(Locale.ROOT);
    boolean initial = strategy.isEmpty() || "initial".equals(strategy);
    int attempt = Math.max(1, request.attempt());
    if (initial && attempt <= 1) {
      return;
    }
    out.append("\n## Attempt ").append(attempt).append("\n\n");
    if (initial) {
      out.append("This is attempt ").append(attempt).append(" at this task.\n");
      return;
    }
    out.append("This attempt follows the ").append(code(strategy)).append(" strategy");
    String meaning = STRATEGIES.get(strategy);
    out.append(meaning == null ? ".\n" : ": " + meaning + "\n");
  }

  private static void feedback(StringBuilder out, String feedback) {
    if (feedback == null) {
      return;
    }
    out.append("\n## Feedback from the previous attempt\n\n");
    if (feedback.isBlank()) {
      out.append("The previous attempt was rejected without details.\n");
      return;
    }
    out.append("The previous attempt did not pass validation. Address every point below.\n\n");
    String text = feedback.strip();
    if (text.length() > MAX_FEEDBACK_CHARS) {
      text = text.substring(0, MAX_FEEDBACK_CHARS) + "\n" + TRUNCATED;
    }
    fenced(out, text, "text");
  }

  private static void description(StringBuilder out, TaskSpec task) {
    if (!task.description().isBlank()) {
      out.append("\n## Description\n\n").append(task.description().strip()).append('\n');
    }
  }

  private static void requirements(StringBuilder out, TaskSpec task) {
    out.append("\n## Requirements\n\n");
    List<String> items = nonBlank(task.requirements());
    if (items.isEmpty()) {
      out.append("No explicit requirements were listed; the description is the specification.\n");
    } else {
      numbered(out, items);
    }
  }

  private static void validationCriteria(StringBuilder out, TaskSpec task) {
    out.append("\n## Validation criteria\n\n");
    List<String> items = nonBlank(task.acceptanceCriteria());
    if (items.isEmpty()) {
      out.append(
          "No acceptance criteria were given: the change must build and every test must pass.\n");
    } else {
      out.append(
          "The pull request is validated against each check below; it is accepted only if every"
              + " one holds.\n\n");
      numbered(out, items);
    }
  }

  private void fullContext(StringBuilder out, Context context) {
    keyTerms(out, context);
    tree(out, context, limits.maxTreeEntries());
    dependencies(out, context);
    relevantFiles(out, context);
  }

  private static void keyTerms(StringBuilder out, Context context) {
    out.append("\n## Key terms\n\n");
    if (context.terms().isEmpty()) {
      out.append("The task has no distinctive terms, so no files were matched to it.\n");
    } else {
      out.append("Files were matched to the task by these terms: ")
          .append(context.terms().stream().map(PromptGenerator::code).collect(joining()))
          .append(".\n");
    }
  }

  private static void tree(StringBuilder out, Context context, int maxEntries) {
    List<RepoFile> tree = context.tree();
    out.append("\n## Repository layout\n\n");
    if (!context.completeTree()) {
      out.append("At least ");
    }
    out.append(tree.size()).append(tree.size() == 1 ? " file" : " files");
    if (context.vendoredFiles() > 0) {
      out.append(" (and ")
          .append(context.vendoredFiles())
          .append(" in vendored or generated directories, not listed)");
    }
    out.append(" at ").append(code(context.ref())).append(".\n");
    if (!context.completeTree()) {
      out.append(
          "The code host listed only part of this tree (it is very large): paths not listed"
              + " below may exist.\n");
    }
    if (tree.isEmpty()) {
      return;
    }
    StringBuilder listing = new StringBuilder();
    tree.stream().limit(maxEntries).forEach(f -> listing.append(f.path()).append('\n'));
    if (tree.size() > maxEntries) {
      listing.append("… and ").append(tree.size() - maxEntries).append(" more files\n");
    }
    out.append('\n');
    fenced(out, listing.toString(), "text");
  }

  private static void dependencies(StringBuilder out, Context context) {
    out.append("\n## Dependencies\n\n");
    if (context.manifests().isEmpty()) {
      out.append(
          "No pom.xml, package.json, requirements.txt or go.mod within "
              + MAX_MANIFEST_DEPTH
              + " directories of the root.\n");
      return;
    }
    out.append("Prefer these over adding new libraries.\n\n");
    for (Manifest manifest : context.manifests()) {
      out.append("- ").append(code(manifest.path())).append(" (").append(manifest.ecosystem());
      out.append(")");
      if (manifest.problem() != null) {
        out.append(": ").append(oneLine(manifest.problem()));
      } else if (manifest.dependencies().isEmpty()) {
        out.append(": no dependencies declared");
      }
      out.append('\n');
      List<String> deps = manifest.dependencies();
      deps.stream()
          .limit(MAX_DEPENDENCIES_LISTED)
          .forEach(d -> out.append("  - ").append(oneLine(d)).append('\n'));
      if (deps.size() > MAX_DEPENDENCIES_LISTED) {
        out.append("  - … and ").append(deps.size() - MAX_DEPENDENCIES_LISTED).append(" more\n");
      }
    }
  }

  private static void relevantFiles(StringBuilder out, Context context) {
    out.append("\n## Relevant files\n\n");
    if (context.quoted().isEmpty()) {
      out.append(
          context.ranked().isEmpty()
              ? "No file matched the task's key terms; find where the change belongs from the"
                  + " repository layout.\n"
              : "The matching files could not be quoted within the context limits.\n");
    } else {
      out.append("These files matched the task's key terms, best match first, as committed at ")
          .append(code(context.ref()))
          .append(".\n");
      for (ContextFile file : context.quoted()) {
        out.append("\n### ").append(code(file.path())).append("\n\n");
        out.append("Matches ")
            .append(file.terms().stream().map(PromptGenerator::code).collect(joining()))
            .append("; ")
            .append(file.size())
            .append(" bytes")
            .append(file.truncated() ? ", only the beginning is shown" : "")
            .append(".\n\n");
        String content = file.content();
        if (file.truncated()) {
          content = (content.endsWith("\n") || content.isEmpty() ? content : content + "\n");
          content += TRUNCATED;
        }
        fenced(out, content, language(file.path()));
      }
    }
    unquoted(out, context);
  }

  private static void relevantPaths(StringBuilder out, Context context) {
    out.append("\n## Relevant files\n\n");
    if (context.quoted().isEmpty()) {
      out.append("No file matched the task's key terms.\n");
      return;
    }
    out.append("Start from these files, best match first:\n\n");
    for (ContextFile file : context.quoted()) {
      out.append("- ")
          .append(code(file.path()))
          .append(" (matches ")
          .append(String.join(", ", file.terms()))
          .append(")\n");
    }
    unquoted(out, context);
  }

  private static void unquoted(StringBuilder out, Context context) {
    Set<String> quoted =
        context.quoted().stream().map(ContextFile::path).collect(Collectors.toSet());
    List<String> others =
        context.ranked().stream()
            .map(RankedFile::path)
            .filter(p -> !quoted.contains(p))
            .limit(MAX_UNQUOTED_LISTED)
            .toList();
    if (!others.isEmpty()) {
      out.append("\nOther files that may be relevant: ")
          .append(others.stream().map(PromptGenerator::code).collect(joining()))
          .append(".\n");
    }
  }

  private static void plan(StringBuilder out, PromptRequest request, Context context) {
    List<String> steps = new ArrayList<>();
    if ("fix_forward".equalsIgnoreCase(nullToEmpty(request.strategy()).strip())) {
      steps.add("Check out the branch of the previous attempt and read the feedback above.");
    }
    if (context.quoted().isEmpty()) {
      steps.add("Find where the change belongs from the repository layout below.");
    } else {
      steps.add(
          "Understand the relevant code: read "
              + context.quoted().stream().map(f -> code(f.path())).collect(joining())
              + " (quoted below).");
    }
    List<String> requirements = nonBlank(request.task().requirements());
    if (requirements.isEmpty()) {
      steps.add("Implement the change the description asks for.");
    }
    for (int i = 0; i < requirements.size(); i++) {
      steps.add("Implement requirement " + (i + 1) + ": " + requirements.get(i).strip());
    }
    steps.add("Add or update tests that cover each requirement.");
    List<String> criteria = nonBlank(request.task().acceptanceCriteria());
    for (int i = 0; i < criteria.size(); i++) {
      steps.add("Verify validation criterion " + (i + 1) + ": " + criteria.get(i).strip());
    }
    steps.add("Run the build and the whole test suite, and fix any failure.");
    steps.add("Open the pull request, explaining how each validation criterion is met.");
    out.append("\n## Plan\n\nWork through these steps in order.\n\n");
    numbered(out, steps);
  }

  private static void instructions(StringBuilder out) {
    out.append("\n## Instructions\n\n")
        .append(
            "- Keep the change focused on this task: no unrelated refactoring, renaming or"
                + " reformatting.\n")
        .append(
            "- Add or update tests for the behaviour you change, and keep the existing tests"
                + " passing.\n")
        .append("- Follow the conventions of the surrounding code.\n")
        .append(
            "- Do not commit secrets: no API keys, tokens, passwords, private keys or .env"
                + " files.\n");
  }

  private static void numbered(StringBuilder out, List<String> items) {
    for (int i = 0; i < items.size(); i++) {
      String prefix = (i + 1) + ". ";
      List<String> lines = items.get(i).strip().lines().toList();
      out.append(prefix).append(lines.get(0).strip()).append('\n');
      for (String line : lines.subList(1, lines.size())) {
        if (!line.isBlank()) {
          out.append(" ".repeat(prefix.length())).append(line.strip()).append('\n');
        }
      }
    }
  }

  /** Quotes text in a fence longer than any run of backticks inside it. */
  private static void fenced(StringBuilder out, String text, String language) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(Math.max(3, longest + 1));
    out.append(fence).append(language).append('\n').append(text);
    if (!text.endsWith("\n")) {
      out.append('\n');
    }
    out.append(fence).append('\n');
  }

  private static String language(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : FENCE_LANGUAGES.getOrDefault(name.substring(dot + 1), "");
  }

  private static String code(String text) {
    return text.contains("`") ? "`` " + text + " ``" : "`" + text + "`";
  }

  private static Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }

  private static List<String> nonBlank(List<String> items) {
    return items.stream().filter(s -> s != null && !s.isBlank()).toList();
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }

  private static String orUnspecified(String value) {
    return value == null || value.isBlank() ? "unspecified" : oneLine(value);
  }

  private static String nullToEmpty(String value) {
    return value == null ? "" : value;
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "";
  }
}
