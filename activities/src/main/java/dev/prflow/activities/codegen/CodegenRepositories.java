package dev.prflow.activities.codegen;

import dev.prflow.activities.codegen.CodegenException.Kind;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Codegen {@code repo_id} stands for a task's GitHub repository: looked up by {@code
 * full_name} (case-insensitively, as GitHub names are) in the organisation's repository list, kept
 * for the life of the process. A name not in the cache lists again once, so a repository connected
 * while prflow runs is found without a restart; a name Codegen does not list at all fails
 * non-retryably, naming the repository and what to do.
 */
public final class CodegenRepositories {

  private static final Logger log = LoggerFactory.getLogger(CodegenRepositories.class);

  private final String orgId;
  private final Supplier<List<CodegenRepo>> lister;
  private volatile Map<String, Long> ids = Map.of();

  /** The organisation's repositories as {@code client} lists them. */
  public CodegenRepositories(CodegenClient client) {
    this(client.orgId(), client::listRepos);
  }

  /**
   * @param orgId named in the failure message
   * @param lister reads the organisation's whole repository list
   */
  public CodegenRepositories(String orgId, Supplier<List<CodegenRepo>> lister) {
    this.orgId = orgId;
    this.lister = Objects.requireNonNull(lister, "lister");
  }

  /**
   * @param fullName {@code owner/name}
   * @throws CodegenException {@link Kind#REPO_NOT_CONNECTED} when Codegen does not list it
   */
  public long idOf(String fullName) {
    String key = key(fullName);
    Long id = ids.get(key);
    if (id != null) {
      return id;
    }
    synchronized (this) {
      id = ids.get(key);
      if (id == null) {
        List<CodegenRepo> listed = lister.get();
        Map<String, Long> fresh = new HashMap<>();
        for (CodegenRepo repo : listed) {
          fresh.putIfAbsent(key(repo.fullName()), repo.id());
        }
        ids = Map.copyOf(fresh);
        log.info("Codegen lists {} repositories for organisation {}", fresh.size(), orgId);
        id = fresh.get(key);
      }
    }
    if (id == null) {
      throw new CodegenException(
          Kind.REPO_NOT_CONNECTED,
          "Codegen organisation "
              + orgId
              + " does not list the repository "
              + fullName
              + ", so a Codegen run cannot work in it: connect "
              + fullName
              + " to that organisation in Codegen's settings (repositories, through Codegen's"
              + " GitHub app), or check CODEGEN_ORG_ID and the task's repository, then retry the"
              + " task");
    }
    return id;
  }

  private static String key(String fullName) {
    return fullName.strip().toLowerCase(Locale.ROOT);
  }
}
