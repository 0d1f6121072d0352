package dev.prflow.activities.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresTemplateTest {

  @TempDir Path parent;

  @Test
  void theFirstClusterLeavesAPristineTemplateThatLaterClustersStartFrom() throws Exception {
    // Traversable, so that as root the clusters live here too rather than in the temp directory.
    Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (EmbeddedPostgres first = EmbeddedPostgres.start(parent)) {
      write(first, "create table left_behind (id int)");
    }
    List<Path> templates = children("prflow-pg-template-");
    assertThat(templates).singleElement();
    assertThat(templates.get(0).getFileName().toString()).matches("prflow-pg-template-[0-9a-f]+");
    assertThat(templates.get(0).resolve("data").resolve("PG_VERSION")).isRegularFile();

    try (EmbeddedPostgres second = EmbeddedPostgres.start(parent)) {
      // A copy of the template, not of the first cluster: nothing the first one wrote is there.
      assertThat(count(second, "select count(*) from pg_tables where tablename = 'left_behind'"))
          .isZero();
      write(second, "create table kept_here (id int)");
    }
    assertThat(children("prflow-pg-")).containsExactlyElementsOf(templates);
  }

  private List<Path> children(String prefix) throws Exception {
    try (Stream<Path> files = Files.list(parent)) {
      return files.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
    }
  }

  private static void write(EmbeddedPostgres pg, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", null);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(EmbeddedPostgres pg, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl("postgres"), "postgres", null);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
