package dev.prflow.activities.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.prflow.workflows.model.Finding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The {@code review:} section of a repository's {@code .prflow.yml}, read leniently: a mistake in
 * it becomes a {@code config} finding naming the key, and the review carries on with the default
 * for that key. A repository's typo must never fail its pull request's validation.
 */
final class ReviewConfig {

  static final String CONFIG_FILE = ".prflow.yml";
  static final String CONFIG_RULE = "review-config";
  static final String CATEGORY = "config";
  static final String PMD_PREFIX = "pmd/";

  private static final Set<String> SEVERITIES =
      Set.of(Finding.INFO, Finding.WARNING, Finding.ERROR);

  private boolean pmdEnabled = true;
  private final Map<String, Boolean> enabled = new HashMap<>();
  private final Map<String, String> severities = new HashMap<>();
  private final Map<String, Integer> options = new HashMap<>();
  private final List<Finding> problems = new ArrayList<>();

  private ReviewConfig() {}

  static ReviewConfig defaults() {
    return new ReviewConfig();
  }

  /**
   * Reads the section. {@code pmdRuleNames} are the rules of the curated PMD ruleset, the only ones
   * {@code pmd/<Name>} may refer to.
   */
  static ReviewConfig parse(JsonNode node, Set<String> pmdRuleNames) {
    ReviewConfig config = new ReviewConfig();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return config;
    }
    if (!node.isObject()) {
      config.problem("review", "expected a mapping but got " + describe(node) + "; using defaults");
      return config;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = "review." + field.getKey();
      JsonNode value = field.getValue();
      switch (field.getKey()) {
        case "pmd" -> {
          if (value.isBoolean()) {
            config.pmdEnabled = value.booleanValue();
          } else if (!value.isNull()) {
            config.problem(key, "expected true or false but got " + describe(value));
          }
        }
        case "rules" -> {
          if (value.isObject()) {
            config.readRules(value, pmdRuleNames);
          } else if (!value.isNull()) {
            config.problem(key, "expected a mapping of rule names but got " + describe(value));
          }
        }
        default -> config.problem(key, "unknown setting; known settings are pmd and rules");
      }
    }
    return config;
  }

  private void readRules(JsonNode rules, Set<String> pmdRuleNames) {
    for (Map.Entry<String, JsonNode> entry : rules.properties()) {
      String name = entry.getKey();
      String key = "review.rules." + name;
      DiffRule diffRule = DiffRule.byId(name);
      if (diffRule == null && !name.startsWith(PMD_PREFIX)) {
        problem(
            key,
            "unknown rule; known rules are "
                + Arrays.stream(DiffRule.values())
                    .map(DiffRule::id)
                    .collect(Collectors.joining(", "))
                + " and pmd/<RuleName>");
        continue;
      }
      if (diffRule == null && !pmdRuleNames.contains(name.substring(PMD_PREFIX.length()))) {
        problem(
            key,
            "unknown PMD rule; prflow's ruleset has "
                + new TreeSet<>(pmdRuleNames).stream().collect(Collectors.joining(", ")));
        continue;
      }
      readRule(name, key, entry.getValue(), diffRule == null ? Map.of() : diffRule.options());
    }
  }

  private void readRule(String name, String key, JsonNode value, Map<String, Integer> known) {
    if (value.isNull()) {
      return;
    }
    if (value.isBoolean()) {
      enabled.put(name, value.booleanValue());
      return;
    }
    if (value.isTextual()) {
      readSeverity(name, key, value);
      return;
    }
    if (!value.isObject()) {
      problem(key, "expected a mapping, true/false or a severity but got " + describe(value));
      return;
    }
    for (Map.Entry<String, JsonNode> setting : value.properties()) {
      String settingKey = key + "." + setting.getKey();
      JsonNode settingValue = setting.getValue();
      if (setting.getKey().equals("enabled")) {
        if (settingValue.isBoolean()) {
          enabled.put(name, settingValue.booleanValue());
        } else {
          problem(settingKey, "expected true or false but got " + describe(settingValue));
        }
      } else if (setting.getKey().equals("severity")) {
        readSeverity(name, settingKey, settingValue);
      } else if (known.containsKey(setting.getKey())) {
        Integer number = positiveInt(settingValue);
        if (number == null) {
          problem(
              settingKey,
              "expected a whole number of at least 1 but got "
                  + describe(settingValue)
                  + "; using the default "
                  + known.get(setting.getKey()));
        } else {
          options.put(name + "." + setting.getKey(), number);
        }
      } else {
        List<String> settings = new ArrayList<>(List.of("enabled", "severity"));
        settings.addAll(new TreeSet<>(known.keySet()));
        problem(settingKey, "unknown setting; known settings are " + String.join(", ", settings));
      }
    }
  }

  private void readSeverity(String name, String key, JsonNode value) {
    String severity = value.isTextual() ? value.textValue().trim().toLowerCase(Locale.ROOT) : null;
    if (severity != null && SEVERITIES.contains(severity)) {
      severities.put(name, severity);
    } else {
      problem(key, "expected info, warning or error but got " + describe(value));
    }
  }

  private static Integer positiveInt(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToInt() && value.intValue() >= 1) {
      return value.intValue();
    }
    if (value.isTextual() && value.textValue().trim().matches("[0-9]{1,9}")) {
      int parsed = Integer.parseInt(value.textValue().trim());
      return parsed >= 1 ? parsed : null;
    }
    return null;
  }

  private static String describe(JsonNode value) {
    if (value.isTextual()) {
      String text = value.textValue();
      return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
    }
    if (value.isObject()) {
      return "a mapping";
    }
    if (value.isArray()) {
      return "a list";
    }
    return value.toString();
  }

  private void problem(String key, String message) {
    problems.add(
        new Finding(
            CATEGORY,
            CONFIG_FILE,
            null,
            Finding.WARNING,
            CONFIG_RULE,
            key + ": " + message,
            "Fix or remove " + key + " in " + CONFIG_FILE + "; the review used the default."));
  }

  boolean pmdEnabled() {
    return pmdEnabled;
  }

  /** Whether a rule (a diff rule id or {@code pmd/<Name>}) runs; rules run unless turned off. */
  boolean enabled(String rule) {
    return enabled.getOrDefault(rule, true);
  }

  /** The configured severity of a rule, or {@code fallback} if the repository set none. */
  String severity(String rule, String fallback) {
    return severities.getOrDefault(rule, fallback);
  }

  int option(DiffRule rule, String name) {
    Integer value = options.get(rule.id() + "." + name);
    return value != null ? value : rule.options().get(name);
  }

  /** Names (without the {@code pmd/} prefix) of the PMD rules the repository turned off. */
  Set<String> disabledPmdRules() {
    Set<String> names = new TreeSet<>();
    enabled.forEach(
        (rule, on) -> {
          if (!on && rule.startsWith(PMD_PREFIX)) {
            names.add(rule.substring(PMD_PREFIX.length()));
          }
        });
    return names;
  }

  List<Finding> problems() {
    return List.copyOf(problems);
  }
}
