package dev.prflow.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs bench/run itself with tiny sizes (P1 and P2 with 3 tasks) on the jar the reactor built, so
 * that the harness keeps working; its figures are not judged here, only that each was measured and
 * written into the marked section of a copy of docs/PERFORMANCE.md.
 */
class BenchRunSmokeTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void benchRunMeasuresP1AndP2AndWritesTheirRows(@TempDir Path tmp) throws Exception {
    assumeTrue(
        Files.exists(ROOT.resolve("worker/target/prflow.jar")),
        "worker/target/prflow.jar is built by the reactor's package phase (mvn verify)");
    assumeTrue(temporalCli(), "the temporal CLI is needed (scripts/test installs it)");
    Path doc = tmp.resolve("PERFORMANCE.md");
    Files.writeString(doc, "# Performance\n\nHand-written text stays.\n");

    Process run =
        new ProcessBuilder(
                ROOT.resolve("bench/run").toString(),
                "P1",
                "P2",
                "--n",
                "3",
                "--no-build",
                "--doc",
                doc.toString())
            .directory(ROOT.toFile())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("run.log").toFile())
            .start();
    boolean ended = run.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      run.destroy();
    }
    String log = Files.readString(tmp.resolve("run.log"));
    assertThat(ended).as(log).isTrue();
    assertThat(run.exitValue()).as(log).isZero();
    assertThat(log)
        .contains("P1 pipeline throughput (3 tasks)")
        .contains("P2 intake, 8 clients (3 POSTs)")
        .contains("P2 intake, 32 clients (3 POSTs)");
    String written = Files.readString(doc);
    assertThat(written)
        .contains("Hand-written text stays.")
        .contains(Report.BEGIN)
        .contains(Report.END)
        .contains("| P1 pipeline throughput (3 tasks) |")
        .contains("<!-- notes:P1 -->")
        .contains("| activity | count |");
  }

  private static boolean temporalCli() {
    String configured = System.getenv("PRFLOW_TEMPORAL_CLI");
    if (configured != null && Files.isExecutable(Path.of(configured))) {
      return true;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, "temporal"))) {
        return true;
      }
    }
    return Files.isExecutable(Path.of(System.getProperty("user.home"), "go/bin/temporal"));
  }
}
