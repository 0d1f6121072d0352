package dev.prflow.activities.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository's {@code .prflow.yml}: {@code test_command}, {@code timeout} (seconds, or {@code
 * 90s}, {@code 10m}, {@code 1h}) and {@code env}, the names of variables the tests may see.
 */
public record RepoConfig(String testCommand, Duration timeout, List<String> env) {

  public static final String FILE = ".prflow.yml";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration MAX_TIMEOUT = Duration.ofHours(24);
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)?");

  public static RepoConfig empty() {
    return new RepoConfig(null, null, List.of());
  }

  /** Parses the file's text; a broken file is an {@link IllegalArgumentException} saying where. */
  public static RepoConfig parse(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (Exception e) {
      throw new IllegalArgumentException(FILE + " is not valid YAML: " + e.getMessage());
    }
    if (root == null || root.isNull() || root.isMissingNode()) {
      return empty();
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(FILE + " must be a mapping");
    }
    String command = null;
    JsonNode c = root.get("test_command");
    if (c != null && !c.isNull()) {
      if (!c.isTextual() || c.asText().isBlank()) {
        throw new IllegalArgumentException(FILE + ": test_command must be a non-empty string");
      }
      command = c.asText();
    }
    Duration timeout = null;
    JsonNode t = root.get("timeout");
    if (t != null && !t.isNull()) {
      timeout = parseDuration(t.asText());
    }
    List<String> env = new ArrayList<>();
    JsonNode e = root.get("env");
    if (e != null && !e.isNull()) {
      if (!e.isArray()) {
        throw new IllegalArgumentException(FILE + ": env must be a list of variable names");
      }
      for (JsonNode name : e) {
        if (!name.isTextual() || !name.asText().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException(FILE + ": env entry is not a variable name: " + name);
        }
        env.add(name.asText());
      }
    }
    return new RepoConfig(command, timeout, List.copyOf(env));
  }

  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          FILE + ": timeout must be seconds or a number with s, m or h: " + text);
    }
    long n;
    try {
      n = Long.parseLong(m.group(1));
    } catch (NumberFormatException tooLong) {
      n = Long.MAX_VALUE;
    }
    String unit = m.group(2) == null ? "s" : m.group(2);
    long seconds =
        switch (unit) {
          case "h" -> n > MAX_TIMEOUT.toHours() ? Long.MAX_VALUE : n * 3600;
          case "m" -> n > MAX_TIMEOUT.toMinutes() ? Long.MAX_VALUE : n * 60;
          default -> n;
        };
    if (seconds == 0) {
      throw new IllegalArgumentException(FILE + ": timeout must be positive");
    }
    if (seconds > MAX_TIMEOUT.toSeconds()) {
      throw new IllegalArgumentException(FILE + ": timeout must be at most 24h: " + text);
    }
    return Duration.ofSeconds(seconds);
  }
}
