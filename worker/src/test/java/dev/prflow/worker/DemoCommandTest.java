package dev.prflow.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code prflow demo} as a user runs it: a separate process on its embedded defaults. */
class DemoCommandTest {

  @TempDir Path home;

  @Test
  void demoEndsBothTasksAsDesignedAndExitsZero() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.add("demo");
    Path log = home.resolve("demo.log");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().remove("DATABASE_URL");
    pb.environment().remove("TEMPORAL_ADDRESS");
    pb.environment().put("PRFLOW_HOME", home.toString());
    // The locale of a bare container or CI job (no LANG): output must stay readable in ASCII.
    pb.environment().remove("LANG");
    pb.environment().remove("LC_CTYPE");
    pb.environment().put("LC_ALL", "C");
    Process demo = pb.start();
    boolean finished = demo.waitFor(170, TimeUnit.SECONDS);
    String output = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
    if (!finished) {
      demo.destroyForcibly();
    }
    assertThat(finished).as(output).isTrue();
    assertThat(demo.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("-> running_agent")
        .contains("-> validating_pr")
        .contains("starting PostgreSQL, Temporal, a worker and the API...")
        .doesNotContain("?")
        .contains("status:      completed  (as designed)")
        .contains("status:      validation_failed  (as designed)")
        .contains("tests:       passed (sh run-tests.sh, exit 0")
        .contains("tests:       failed (sh run-tests.sh, exit 1")
        .contains("Both tasks ended as designed.");
    Path keyFile = home.resolve("api-key");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(keyFile)))
        .isEqualTo("rw-------");
    String key = java.nio.file.Files.readString(keyFile).strip();
    assertThat(key).matches("prf_[A-Za-z0-9_-]{43}");
    assertThat(output).contains("API key (admin): " + key);
  }
}
