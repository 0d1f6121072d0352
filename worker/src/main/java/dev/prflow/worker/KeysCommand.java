package dev.prflow.worker;

import dev.prflow.activities.store.ApiKeyNameTakenException;
import dev.prflow.activities.store.ApiKeyRow;
import dev.prflow.activities.store.ApiKeyStore;
import dev.prflow.activities.store.ApiScope;
import dev.prflow.activities.store.Database;
import dev.prflow.activities.store.DatabaseUrl;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code prflow keys create|list|revoke}: API keys, straight in the database at {@code
 * DATABASE_URL} (migrated first), so the first admin key needs no API call.
 */
@Command(
    name = "keys",
    description = "Make, list and revoke API keys in the database at DATABASE_URL.",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static Database database() {
    PrflowConfig config = PrflowConfig.fromEnvironment();
    if (config.databaseUrl() == null) {
      throw new ConfigException(
          "prflow keys needs DATABASE_URL (prflow dev and demo write their key to"
              + " $PRFLOW_HOME/api-key)");
    }
    DatabaseUrl url;
    try {
      url =
          DatabaseUrl.parse(config.databaseUrl(), config.databaseUser(), config.databasePassword());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    try {
      return Database.connect(url, 2).migrate();
    } catch (RuntimeException e) {
      throw new ConfigException(
          "cannot use the database at "
              + url.display()
              + " (DATABASE_URL): "
              + Stack.rootMessage(e));
    }
  }

  /** {@code prflow keys create --name NAME --scopes a,b}: prints the key alone on stdout, once. */
  @Command(name = "create", description = "Make a key; prints it once, alone on stdout.")
  static final class Create implements Callable<Integer> {

    @Option(names = "--name", required = true, description = "unique among live keys")
    String name;

    @Option(
        names = "--scopes",
        required = true,
        split = ",",
        description =
            "comma-separated: tasks:read, tasks:write, tasks:control, validations:read,"
                + " validations:write, admin")
    List<String> scopes;

    @Override
    public Integer call() {
      EnumSet<ApiScope> wanted = EnumSet.noneOf(ApiScope.class);
      for (String s : scopes) {
        ApiScope scope = ApiScope.parse(s).orElse(null);
        if (scope == null) {
          System.err.println(
              "prflow keys create: unknown scope '"
                  + s
                  + "' (--scopes); known: "
                  + String.join(", ", ApiScope.wireNames()));
          return 2;
        }
        wanted.add(scope);
      }
      if (!ApiKeyStore.isValidName(name)) {
        System.err.println(
            "prflow keys create: --name must be 1 to 64 letters, digits, '.', '_' or '-',"
                + " starting with a letter or digit");
        return 2;
      }
      try (Database db = database()) {
        String key = new ApiKeyStore(db.jdbi()).create(name, wanted).key();
        System.out.println(key);
        System.err.println(
            "prflow: made API key '" + name + "' " + wanted + "; it is not shown again");
        return 0;
      } catch (ApiKeyNameTakenException e) {
        System.err.println("prflow keys create: " + e.getMessage() + "; revoke it first");
        return 1;
      }
    }
  }

  /** {@code prflow keys list}: never a key or its hash. */
  @Command(name = "list", description = "List keys: name, prefix, scopes, created, last used.")
  static final class ListKeys implements Callable<Integer> {

    @Override
    public Integer call() {
      try (Database db = database()) {
        List<ApiKeyRow> rows = new ApiKeyStore(db.jdbi()).list();
        String format = "%-24s %-10s %-8s %-21s %-21s %s%n";
        System.out.printf(format, "NAME", "PREFIX", "STATUS", "CREATED", "LAST USED", "SCOPES");
        for (ApiKeyRow row : rows) {
          System.out.printf(
              format,
              row.name(),
              row.keyPrefix(),
              row.revokedAt() == null ? "live" : "revoked",
              time(row.createdAt()),
              time(row.lastUsedAt()),
              String.join(",", row.scopes().stream().map(ApiScope::wireName).toList()));
        }
        return 0;
      }
    }

    private static String time(Instant t) {
      return t == null ? "-" : t.toString().replaceFirst("\\.\\d+Z$", "Z");
    }
  }

  /** {@code prflow keys revoke NAME}. */
  @Command(name = "revoke", description = "Revoke the live key of this name.")
  static final class Revoke implements Callable<Integer> {

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      try (Database db = database()) {
        if (new ApiKeyStore(db.jdbi()).revoke(name)) {
          System.out.println("revoked " + name);
          return 0;
        }
        System.err.println("prflow keys revoke: no live key named " + name);
        return 1;
      }
    }
  }
}
