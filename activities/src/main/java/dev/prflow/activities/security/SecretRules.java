package dev.prflow.activities.security;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Secret detection rules in gitleaks' TOML format, so a team can point prflow at the config it
 * already keeps for gitleaks. Understood: {@code [[rules]]} with {@code id}, {@code description},
 * {@code regex}, {@code secretGroup}, {@code entropy}, {@code keywords}, {@code path}, per-rule
 * {@code [[rules.allowlists]]} or {@code [rules.allowlist]}; global {@code [allowlist]} or {@code
 * [[allowlists]]} (with {@code targetRules}); allowlists with {@code paths}, {@code regexes},
 * {@code regexTarget}, {@code stopwords} and {@code condition}; {@code [extend] useDefault} and
 * {@code disabledRules}. Other keys (tags, commits, …) are ignored. Regexes are Go RE2 syntax,
 * translated by {@link GoRegex}.
 */
public final class SecretRules {

  static final String DEFAULT_RESOURCE = "/security/default-rules.toml";

  private static final TomlMapper TOML = new TomlMapper();
  private static volatile SecretRules defaults;

  private final List<SecretRule> rules;
  private final List<Allowlist> allowlists;

  SecretRules(List<SecretRule> rules, List<Allowlist> allowlists) {
    this.rules = List.copyOf(rules);
    this.allowlists = List.copyOf(allowlists);
  }

  /** prflow's own rules, shipped as {@code security/default-rules.toml}. */
  public static SecretRules defaults() {
    SecretRules loaded = defaults;
    if (loaded == null) {
      try (InputStream in = SecretRules.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
        }
        loaded = fromToml(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
      }
      defaults = loaded;
    }
    return loaded;
  }

  /**
   * Parses a gitleaks-style config.
   *
   * @throws IllegalArgumentException naming the rule and field when the config is unusable
   */
  public static SecretRules fromToml(String toml) {
    if (toml == null) {
      throw new IllegalArgumentException("secret rules: no TOML given");
    }
    JsonNode root;
    try {
      root = TOML.readTree(toml);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("secret rules: invalid TOML: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("secret rules: the TOML is empty");
    }
    Map<String, SecretRule> byId = new LinkedHashMap<>();
    List<Allowlist> global = new ArrayList<>();

    JsonNode extend = root.get("extend");
    if (extend != null) {
      String where = "[extend]";
      if (!extend.isObject()) {
        throw new IllegalArgumentException(where + " must be a table");
      }
      if (extend.hasNonNull("path") || extend.hasNonNull("url")) {
        throw new IllegalArgumentException(
            where + ": field \"path\"/\"url\" is not supported; put the rules in one file");
      }
      if (bool(extend, "useDefault", where, false)) {
        SecretRules base = defaults();
        base.rules.forEach(r -> byId.put(r.id(), r));
        global.addAll(base.allowlists);
      }
      for (String disabled : strings(extend, "disabledRules", where)) {
        byId.remove(disabled);
      }
    }

    JsonNode rulesNode = root.get("rules");
    if (rulesNode != null) {
      if (!rulesNode.isArray()) {
        throw new IllegalArgumentException(
            "field \"rules\" must be an array of tables ([[rules]])");
      }
      Set<String> seen = new HashSet<>();
      int index = 0;
      for (JsonNode ruleNode : rulesNode) {
        SecretRule rule = rule(ruleNode, index++);
        if (!seen.add(rule.id())) {
          throw new IllegalArgumentException("rule \"" + rule.id() + "\": duplicate id");
        }
        byId.remove(rule.id()); // a redefined default moves to the end, after specific rules
        byId.put(rule.id(), rule);
      }
    }
    JsonNode single = root.get("allowlist");
    if (single != null) {
      global.add(allowlist(single, "[allowlist]", true));
    }
    JsonNode many = root.get("allowlists");
    if (many != null) {
      if (!many.isArray()) {
        throw new IllegalArgumentException(
            "field \"allowlists\" must be an array ([[allowlists]])");
      }
      int i = 0;
      for (JsonNode node : many) {
        global.add(allowlist(node, "[[allowlists]] #" + (++i), true));
      }
    }
    if (byId.isEmpty()) {
      throw new IllegalArgumentException("secret rules: the config defines no [[rules]]");
    }
    return new SecretRules(new ArrayList<>(byId.values()), global);
  }

  /** The rule ids in evaluation order. */
  public List<String> ruleIds() {
    return rules.stream().map(SecretRule::id).toList();
  }

  List<SecretRule> rules() {
    return rules;
  }

  List<Allowlist> allowlists() {
    return allowlists;
  }

  private static SecretRule rule(JsonNode node, int index) {
    String at = "rules[" + index + "]";
    if (!node.isObject()) {
      throw new IllegalArgumentException(at + " must be a table");
    }
    String id = string(node, "id", at);
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException(at + ": field \"id\" is required");
    }
    String where = "rule \"" + id + "\"";
    String description = string(node, "description", where);
    Pattern regex = pattern(node, "regex", where);
    Pattern path = pattern(node, "path", where);
    if (regex == null && path == null) {
      throw new IllegalArgumentException(where + ": field \"regex\" (or \"path\") is required");
    }
    int secretGroup = 0;
    if (node.hasNonNull("secretGroup")) {
      JsonNode g = node.get("secretGroup");
      if (!g.canConvertToInt() || !g.isIntegralNumber() || g.asInt() < 0) {
        throw new IllegalArgumentException(
            where + ": field \"secretGroup\" must be a non-negative integer");
      }
      secretGroup = g.asInt();
      int groups = regex == null ? 0 : regex.matcher("").groupCount();
      if (secretGroup > groups) {
        throw new IllegalArgumentException(
            where
                + ": field \"secretGroup\" is "
                + secretGroup
                + " but the regex has "
                + groups
                + " group(s)");
      }
    }
    double entropy = 0;
    if (node.hasNonNull("entropy")) {
      JsonNode e = node.get("entropy");
      if (!e.isNumber() || e.asDouble() < 0) {
        throw new IllegalArgumentException(
            where + ": field \"entropy\" must be a non-negative number");
      }
      entropy = e.asDouble();
    }
    List<String> keywords = strings(node, "keywords", where);
    for (String keyword : keywords) {
      if (keyword.isEmpty()) {
        throw new IllegalArgumentException(where + ": field \"keywords\" has an empty keyword");
      }
    }
    List<Allowlist> allowlists = new ArrayList<>();
    JsonNode single = node.get("allowlist");
    if (single != null) {
      allowlists.add(allowlist(single, where + " [rules.allowlist]", false));
    }
    JsonNode many = node.get("allowlists");
    if (many != null) {
      if (!many.isArray()) {
        throw new IllegalArgumentException(
            where + ": field \"allowlists\" must be an array ([[rules.allowlists]])");
      }
      int i = 0;
      for (JsonNode a : many) {
        allowlists.add(allowlist(a, where + " [[rules.allowlists]] #" + (++i), false));
      }
    }
    return new SecretRule(id, description, regex, secretGroup, entropy, keywords, path, allowlists);
  }

  private static Allowlist allowlist(JsonNode node, String where, boolean global) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " must be a table");
    }
    String description = string(node, "description", where);
    String condition = string(node, "condition", where);
    boolean and;
    if (condition == null || condition.equalsIgnoreCase("OR")) {
      and = false;
    } else if (condition.equalsIgnoreCase("AND")) {
      and = true;
    } else {
      throw new IllegalArgumentException(
          where + ": field \"condition\" must be \"OR\" or \"AND\", not \"" + condition + "\"");
    }
    String target = string(node, "regexTarget", where);
    Allowlist.Target regexTarget;
    if (target == null || target.equals("secret")) {
      regexTarget = Allowlist.Target.SECRET;
    } else if (target.equals("match")) {
      regexTarget = Allowlist.Target.MATCH;
    } else if (target.equals("line")) {
      regexTarget = Allowlist.Target.LINE;
    } else {
      throw new IllegalArgumentException(
          where + ": field \"regexTarget\" must be secret, match or line, not \"" + target + "\"");
    }
    List<Pattern> paths = patterns(node, "paths", where);
    List<Pattern> regexes = patterns(node, "regexes", where);
    List<String> stopwords = strings(node, "stopwords", where);
    Set<String> targetRules = Set.copyOf(strings(node, "targetRules", where));
    if (!global && !targetRules.isEmpty()) {
      throw new IllegalArgumentException(
          where + ": field \"targetRules\" belongs in a global [[allowlists]]");
    }
    return new Allowlist(description, and, paths, regexes, regexTarget, stopwords, targetRules);
  }

  private static String string(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException(where + ": field \"" + field + "\" must be a string");
    }
    return value.asText();
  }

  private static boolean bool(JsonNode node, String field, String where, boolean fallback) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(where + ": field \"" + field + "\" must be true or false");
    }
    return value.asBoolean();
  }

  private static List<String> strings(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(
          where + ": field \"" + field + "\" must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException(
            where + ": field \"" + field + "\" must be an array of strings");
      }
      out.add(item.asText());
    }
    return out;
  }

  private static Pattern pattern(JsonNode node, String field, String where) {
    String source = string(node, field, where);
    return source == null ? null : compile(source, where, field);
  }

  private static List<Pattern> patterns(JsonNode node, String field, String where) {
    List<Pattern> out = new ArrayList<>();
    for (String source : strings(node, field, where)) {
      out.add(compile(source, where, field));
    }
    return out;
  }

  private static Pattern compile(String source, String where, String field) {
    try {
      return Pattern.compile(GoRegex.toJava(source));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          where
              + ": field \""
              + field
              + "\" is not a valid regular expression: "
              + e.getDescription()
              + " near index "
              + e.getIndex());
    }
  }
}
