package dev.prflow.activities.store;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What an API key may do. {@link #ADMIN} implies every other scope and is the only one that manages
 * keys. The wire names ({@code tasks:read}…) are part of the public interface: they are typed into
 * {@code prflow keys create --scopes} and stored in {@code api_keys.scopes}.
 */
public enum ApiScope {
  TASKS_READ("tasks:read"),
  TASKS_WRITE("tasks:write"),
  /** approve, reject, cancel and retry. */
  TASKS_CONTROL("tasks:control"),
  VALIDATIONS_READ("validations:read"),
  VALIDATIONS_WRITE("validations:write"),
  ADMIN("admin");

  private final String wireName;

  ApiScope(String wireName) {
    this.wireName = wireName;
  }

  /** The name users type and the database stores. */
  public String wireName() {
    return wireName;
  }

  /** The scope of a wire name (case-insensitive), if it is one. */
  public static Optional<ApiScope> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(s -> s.wireName.equals(n)).findFirst();
  }

  /** Every wire name, in declaration order, for messages. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(ApiScope::wireName).toList();
  }

  /** Whether holding {@code granted} allows what this scope guards. */
  public boolean isGrantedBy(java.util.Collection<ApiScope> granted) {
    return granted.contains(this) || granted.contains(ADMIN);
  }

  @Override
  public String toString() {
    return wireName;
  }
}
