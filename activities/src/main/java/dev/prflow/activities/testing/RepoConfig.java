package dev.prflow.activities.testing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.prflow.activities.time.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A repository's {@code .prflow.yml}: {@code test_command}, {@code timeout} (a duration by {@link
 * Durations}' grammar: {@code 600}, {@code 90s}, {@code 10m}, {@code 1h30m}) and {@code env}, the
 * names of variables the tests may see. A file that cannot be used is a {@link ParseProblem} whose
 * message names the line, e.g. {@code .prflow.yml line 3: not valid YAML: mapping values are not
 * allowed here}.
 */
public record RepoConfig(String testCommand, Duration timeout, List<String> env) {

  public static final String FILE = ".prflow.yml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  public static RepoConfig empty() {
    return new RepoConfig(null, null, List.of());
  }

  /**
   * Parses the file's text.
   *
   * @throws ParseProblem when the file is not YAML or a key holds an unusable value
   */
  public static RepoConfig parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw syntaxProblem(e);
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return empty();
    }
    if (!root.isObject()) {
      throw new ParseProblem(0, 0, "must be a mapping");
    }
    String command = null;
    JsonNode c = root.get("test_command");
    if (c != null && !c.isNull()) {
      if (!c.isTextual() || c.asText().isBlank()) {
        throw problemAt(yaml, "test_command", "test_command must be a non-empty string");
      }
      command = c.asText();
    }
    Duration timeout = null;
    JsonNode t = root.get("timeout");
    if (t != null && !t.isNull()) {
      try {
        timeout = parseTimeout(t.asText());
      } catch (ParseProblem bad) {
        throw problemAt(yaml, "timeout", bad.problem());
      }
    }
    List<String> env = new ArrayList<>();
    JsonNode e = root.get("env");
    if (e != null && !e.isNull()) {
      if (!e.isArray()) {
        throw problemAt(yaml, "env", "env must be a list of variable names");
      }
      for (JsonNode name : e) {
        if (!name.isTextual() || !name.asText().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw problemAt(yaml, "env", "env entry is not a variable name: " + name);
        }
        env.add(name.asText());
      }
    }
    return new RepoConfig(command, timeout, List.copyOf(env));
  }

  /** A problem with the value of a top-level key, placed on the key's line when it can be found. */
  private static ParseProblem problemAt(String yaml, String key, String problem) {
    Matcher m = Pattern.compile("(?m)^(['\"]?)" + Pattern.quote(key) + "\\1\\s*:").matcher(yaml);
    int line = m.find() ? (int) yaml.substring(0, m.start()).lines().count() + 1 : 0;
    return new ParseProblem(line, 0, problem);
  }

  /** Where SnakeYAML found the problem and its own words for it, without context or excerpt. */
  private static ParseProblem syntaxProblem(JsonProcessingException e) {
    for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked && marked.getProblem() != null) {
        Mark at = marked.getProblemMark();
        return new ParseProblem(
            at == null ? 0 : at.getLine() + 1,
            at == null ? 0 : at.getColumn() + 1,
            "not valid YAML: " + firstLine(marked.getProblem()));
      }
    }
    JsonLocation at = e.getLocation();
    String why = firstLine(e.getOriginalMessage());
    return new ParseProblem(
        at == null ? 0 : Math.max(0, at.getLineNr()),
        at == null ? 0 : Math.max(0, at.getColumnNr()),
        "not valid YAML" + (why == null ? "" : ": " + why));
  }

  private static String firstLine(String text) {
    if (text == null) {
      return null;
    }
    return text.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse(null);
  }

  /** {@code timeout}: a duration by {@link Durations}' grammar, more than 0 and at most 24h. */
  static Duration parseTimeout(String text) {
    Duration timeout;
    try {
      timeout = Durations.parse(text);
    } catch (IllegalArgumentException bad) {
      throw new ParseProblem(0, 0, "timeout: " + bad.getMessage());
    }
    if (timeout.isZero()) {
      throw new ParseProblem(0, 0, "timeout must be more than 0");
    }
    if (timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new ParseProblem(0, 0, "timeout must be at most 24h, not " + text.strip());
    }
    return timeout;
  }

  /**
   * Why a {@code .prflow.yml} cannot be used. The message reads {@code .prflow.yml line N: problem}
   * (without the line when none applies), ready to show to whoever maintains the repository.
   */
  public static final class ParseProblem extends IllegalArgumentException {
    private final int line;
    private final int column;
    private final String problem;

    public ParseProblem(int line, int column, String problem) {
      super(FILE + (line > 0 ? " line " + line : "") + ": " + problem);
      this.line = line;
      this.column = column;
      this.problem = problem;
    }

    /** 1-based; 0 when the problem is not on one line. */
    public int line() {
      return line;
    }

    /** 1-based; 0 when unknown. */
    public int column() {
      return column;
    }

    /** The message without the file and line. */
    public String problem() {
      return problem;
    }
  }
}
