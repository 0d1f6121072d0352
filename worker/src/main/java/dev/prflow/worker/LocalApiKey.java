package dev.prflow.worker;

import dev.prflow.activities.store.ApiKeyStore;
import dev.prflow.activities.store.ApiScope;
import dev.prflow.activities.store.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The {@code admin} key {@code prflow dev} and {@code demo} mint at each start, written to {@code
 * $PRFLOW_HOME/api-key} (mode 0600) so that {@code curl -H "Authorization: Bearer $(cat
 * ~/.prflow/api-key)"} works. A start revokes the previous key of the same name, so only the newest
 * file's key works, also against a persistent {@code DATABASE_URL}.
 */
final class LocalApiKey {

  /** The file under {@code $PRFLOW_HOME}. */
  static final String FILE = "api-key";

  private LocalApiKey() {}

  /** Mints the key named {@code name}, writes it to the file and returns it. */
  static String mint(Database database, Path home, String name) {
    String key = new ApiKeyStore(database.jdbi()).replace(name, Set.of(ApiScope.ADMIN)).key();
    write(home.resolve(FILE), key);
    return key;
  }

  /** Writes the key readable by its owner only, replacing the file in one step. */
  static void write(Path file, String key) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      Path tmp =
          posix
              ? Files.createTempFile(
                  file.toAbsolutePath().getParent(),
                  ".api-key",
                  ".tmp",
                  PosixFilePermissions.asFileAttribute(
                      PosixFilePermissions.fromString("rw-------")))
              : Files.createTempFile(file.toAbsolutePath().getParent(), ".api-key", ".tmp");
      try {
        Files.writeString(tmp, key + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the API key to " + file, e);
    }
  }
}
