package dev.prflow.activities.store;

import dev.prflow.activities.process.ProcessResult;
import dev.prflow.activities.process.ProcessRunner;
import dev.prflow.activities.process.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster started from the installed server binaries: initdb into a fresh
 * directory, trust authentication, loopback only, a free port; stopped and deleted on {@link
 * #close()}. As root the server runs as the {@code postgres} user, which PostgreSQL requires.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final String OWNER_FILE = "owner.pid";

  private final Path binDir;
  private final Path root;
  private final int port;
  private final boolean asPostgresUser;

  private EmbeddedPostgres(Path binDir, Path root, int port, boolean asPostgresUser) {
    this.binDir = binDir;
    this.root = root;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /** Starts a cluster in a new directory under {@code parent}. */
  public static EmbeddedPostgres start(Path parent) {
    Path bin = requireBinaries();
    boolean root = isRoot();
    Path base = parent;
    try {
      if (root && !traversableByOthers(parent)) {
        // The postgres user cannot reach into root's home; use the shared temp directory.
        base = Path.of(System.getProperty("java.io.tmpdir"));
      }
      Files.createDirectories(base);
      sweepAbandoned(bin, base, root);
      Path dir = clusterDirectory(base, "prflow-pg-", root);
      Files.writeString(dir.resolve(OWNER_FILE), String.valueOf(ProcessHandle.current().pid()));
      Path template = template(bin, base, dir, root);
      EmbeddedPostgres pg = null;
      String lastError = null;
      for (int tries = 0; tries < 3 && pg == null; tries++) {
        EmbeddedPostgres candidate = new EmbeddedPostgres(bin, dir, freePort(), root);
        if (tries == 0) {
          candidate.copyOf(template);
        }
        lastError = candidate.startServer();
        if (lastError == null) {
          pg = candidate;
        }
      }
      if (pg == null) {
        throw new PostgresUnavailableException("PostgreSQL did not start: " + lastError);
      }
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare a PostgreSQL directory under " + base, e);
    }
  }

  private static Path clusterDirectory(Path base, String prefix, boolean root) throws IOException {
    Path dir = Files.createTempDirectory(base, prefix);
    if (root) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
      exec(List.of("chown", "postgres:", dir.toString()), "chown");
    }
    return dir;
  }

  /**
   * A pristine data directory, fresh from initdb, kept beside the clusters ({@code
   * prflow-pg-template-<version>}) so that later starts copy it instead of running initdb again (a
   * second or more of CPU; the copy is a fraction of that). Made once, under a temporary name
   * renamed into place, so a half-made one is never used; one not owned by the cluster's owner is
   * not trusted and a private one is made instead.
   */
  private static Path template(Path bin, Path base, Path cluster, boolean root) throws IOException {
    int version = versionOf(bin);
    String name =
        "prflow-pg-template-"
            + (version > 0 ? String.valueOf(version) : Integer.toHexString(bin.hashCode()));
    Path template = base.resolve(name);
    if (Files.isRegularFile(template.resolve("data").resolve("PG_VERSION"))
        && Files.getOwner(template, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            .equals(Files.getOwner(cluster))) {
      return template;
    }
    Path staging = clusterDirectory(base, name + ".", root);
    new EmbeddedPostgres(bin, staging, 0, root).initdb();
    try {
      Files.move(staging, template, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return template;
    } catch (IOException taken) {
      // Another process made one first (or something else is in the way): use this one, once.
      return staging;
    }
  }

  /**
   * Stops and deletes clusters left behind by prflow processes that died without cleaning up
   * (killed with SIGKILL, say). A cluster whose owner process is still alive is left alone.
   */
  private static void sweepAbandoned(Path bin, Path base, boolean asPostgresUser) {
    try (Stream<Path> dirs = Files.list(base)) {
      for (Path dir :
          dirs.filter(d -> d.getFileName().toString().startsWith("prflow-pg-")).toList()) {
        Path owner = dir.resolve(OWNER_FILE);
        if (!Files.exists(owner)) {
          continue;
        }
        long pid;
        try {
          pid = Long.parseLong(Files.readString(owner).strip());
        } catch (IOException | NumberFormatException unreadable) {
          continue;
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
          continue;
        }
        new EmbeddedPostgres(bin, dir, 0, asPostgresUser).close();
      }
    } catch (IOException e) {
      // nothing to sweep
    }
  }

  /**
   * Where the server binaries are, or {@link PostgresUnavailableException} saying how to install
   * them: a check cheap enough to make before starting anything else.
   */
  public static Path requireBinaries() {
    return findBinaries()
        .orElseThrow(
            () ->
                new PostgresUnavailableException(
                    "PostgreSQL server binaries (initdb, pg_ctl) not found"
                        + (System.getenv("PRFLOW_PG_BIN") == null
                            ? ""
                            : " in PRFLOW_PG_BIN=" + System.getenv("PRFLOW_PG_BIN"))
                        + ": install PostgreSQL (Debian: apt-get install postgresql) or set"
                        + " DATABASE_URL"));
  }

  /** Where the server binaries are: PRFLOW_PG_BIN, the newest Debian version, or the PATH. */
  public static Optional<Path> findBinaries() {
    List<Path> candidates = new ArrayList<>();
    String configured = System.getenv("PRFLOW_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      // An explicit location is the only one considered.
      Path dir = Path.of(configured);
      return Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))
          ? Optional.of(dir)
          : Optional.empty();
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions
            .map(v -> v.resolve("bin"))
            .sorted(Comparator.comparing(EmbeddedPostgres::versionOf).reversed())
            .forEach(candidates::add);
      } catch (IOException ignored) {
        // fall back to PATH
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir));
      }
    }
    return candidates.stream()
        .filter(
            d ->
                Files.isExecutable(d.resolve("initdb"))
                    && Files.isExecutable(d.resolve("pg_ctl"))
                    && Files.isExecutable(d.resolve("postgres")))
        .findFirst()
        .or(
            () ->
                candidates.stream()
                    .filter(
                        d ->
                            Files.isExecutable(d.resolve("initdb"))
                                && Files.isExecutable(d.resolve("pg_ctl")))
                    .findFirst());
  }

  /** Stops the cluster when the JVM exits, for callers with no orderly shutdown of their own. */
  public EmbeddedPostgres stopOnExit() {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "prflow-pg-stop"));
    return this;
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public DatabaseUrl url() {
    return new DatabaseUrl(jdbcUrl("postgres"), "postgres", null);
  }

  /** Creates an empty database and returns its location. */
  public DatabaseUrl createDatabase(String name) {
    if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", null);
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    return new DatabaseUrl(jdbcUrl(name), "postgres", null);
  }

  /** Stops the server, keeping its data: an outage, for tests and the chaos script. */
  public synchronized void stopServer() {
    ProcessResult r = run(List.of(pgCtl(), "-D", data().toString(), "-m", "fast", "-w", "stop"));
    if (!r.succeeded()) {
      throw new IllegalStateException("pg_ctl stop failed: " + lastLines(r.output()));
    }
  }

  /** Starts a server stopped by {@link #stopServer} again, on the same port and data. */
  public synchronized void startServerAgain() {
    String error = startServer();
    if (error != null) {
      throw new PostgresUnavailableException("PostgreSQL did not start again: " + error);
    }
  }

  @Override
  public synchronized void close() {
    if (!Files.exists(root)) {
      return;
    }
    if (Files.exists(data().resolve("postmaster.pid"))) {
      run(List.of(pgCtl(), "-D", data().toString(), "-m", "fast", "-w", "stop"));
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temp directory is harmless
    }
  }

  /** This cluster's data directory as a copy of a template's (owner and modes kept). */
  private void copyOf(Path template) {
    ProcessResult result =
        run(List.of("cp", "-a", template.resolve("data").toString(), data().toString()));
    if (!result.succeeded()) {
      throw new PostgresUnavailableException(
          "cannot copy the initialised cluster " + template + ": " + lastLines(result.output()));
    }
    if (!template.getFileName().toString().matches("prflow-pg-template-[0-9a-f]+")) {
      new EmbeddedPostgres(binDir, template, 0, asPostgresUser).close(); // a one-off staging copy
    }
  }

  private void initdb() {
    ProcessResult result =
        run(
            List.of(
                binDir.resolve("initdb").toString(),
                "-D",
                data().toString(),
                "-A",
                "trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions"));
    if (!result.succeeded()) {
      throw new PostgresUnavailableException("initdb failed: " + lastLines(result.output()));
    }
  }

  private String startServer() {
    String options =
        "-p "
            + port
            + " -k "
            + root
            + " -c listen_addresses=127.0.0.1 -c fsync=off"
            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
    ProcessResult result =
        run(
            List.of(
                pgCtl(),
                "-D",
                data().toString(),
                "-o",
                options,
                "-l",
                root.resolve("server.log").toString(),
                "-w",
                "-t",
                String.valueOf(START_TIMEOUT.toSeconds()),
                "start"));
    if (result.succeeded()) {
      return null;
    }
    String log = "";
    try {
      log = Files.readString(root.resolve("server.log"));
    } catch (IOException ignored) {
      // the pg_ctl output is enough
    }
    return lastLines(result.output() + "\n" + log);
  }

  private Path data() {
    return root.resolve("data");
  }

  private String pgCtl() {
    return binDir.resolve("pg_ctl").toString();
  }

  private ProcessResult run(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of(runuser(), "-u", "postgres", "--"));
    }
    full.addAll(command);
    return ProcessRunner.run(
        new ProcessSpec(full, root, null, null, START_TIMEOUT.plusSeconds(30), 64 * 1024));
  }

  private static void exec(List<String> command, String what) {
    ProcessResult r =
        ProcessRunner.run(new ProcessSpec(command, null, null, null, Duration.ofSeconds(30), 8192));
    if (!r.succeeded()) {
      throw new PostgresUnavailableException(what + " failed: " + r.output().strip());
    }
  }

  private static String runuser() {
    for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
      if (Files.isExecutable(Path.of(dir, "runuser"))) {
        return dir + "/runuser";
      }
    }
    return "runuser";
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean traversableByOthers(Path dir) throws IOException {
    Path p = dir.toAbsolutePath();
    while (p != null) {
      if (Files.exists(p)
          && !Files.getPosixFilePermissions(p)
              .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
        return false;
      }
      p = p.getParent();
    }
    return true;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static int versionOf(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String lastLines(String text) {
    List<String> lines = text.strip().lines().toList();
    return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }
}
