package dev.prflow.activities.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

  @TempDir Path dir;

  private static ProcessSpec shell(
      Path dir, String script, byte[] stdin, Duration timeout, int max) {
    return new ProcessSpec(List.of("sh", "-c", script), dir, null, stdin, timeout, max);
  }

  @Test
  void capturesStdoutAndStderrAndTheExitCode() {
    ProcessResult result =
        ProcessRunner.run(
            shell(dir, "echo to-out; echo to-err >&2; exit 7", null, Duration.ofSeconds(30), 4096));

    assertThat(result.exitCode()).isEqualTo(7);
    assertThat(result.timedOut()).isFalse();
    assertThat(result.succeeded()).isFalse();
    assertThat(result.output()).contains("to-out", "to-err");
    assertThat(result.truncated()).isFalse();
  }

  @Test
  void runsInTheGivenDirectoryAndSucceedsOnExitZero() throws Exception {
    Files.writeString(dir.resolve("marker.txt"), "here");

    ProcessResult result =
        ProcessRunner.run(ProcessSpec.of(dir, Duration.ofSeconds(30), "cat", "marker.txt"));

    assertThat(result.succeeded()).isTrue();
    assertThat(result.output()).isEqualTo("here");
  }

  @Test
  void keepsOnlyTheTailWhenOutputExceedsTheCap() {
    ProcessResult result =
        ProcessRunner.run(
            shell(
                dir,
                "i=0; while [ $i -lt 2000 ]; do echo line-$i; i=$((i+1)); done; echo THE-END",
                null,
                Duration.ofSeconds(30),
                100));

    assertThat(result.exitCode()).isZero();
    assertThat(result.truncated()).isTrue();
    assertThat(result.output()).hasSize(100).endsWith("line-1999\nTHE-END\n");
    assertThat(result.output()).doesNotContain("line-0\n");
  }

  @Test
  void timeoutKillsTheWholeProcessTree() throws Exception {
    Path pidFile = dir.resolve("child.pid");
    String script = "sleep 300 & echo $! > '" + pidFile + "'; sleep 300; wait";

    long started = System.nanoTime();
    ProcessResult result = ProcessRunner.run(shell(dir, script, null, Duration.ofSeconds(1), 4096));
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(result.timedOut()).isTrue();
    assertThat(result.succeeded()).isFalse();
    assertThat(elapsedMs).isLessThan(20_000);
    long childPid = Long.parseLong(Files.readString(pidFile).strip());
    Optional<ProcessHandle> child = ProcessHandle.of(childPid);
    if (child.isPresent()) {
      child.get().onExit().get(10, TimeUnit.SECONDS);
    }
    assertThat(ProcessHandle.of(childPid).filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void deliversStdinToTheProcess() {
    byte[] input = "hello from stdin\nsecond line\n".getBytes(StandardCharsets.UTF_8);

    ProcessResult result =
        ProcessRunner.run(shell(dir, "cat; echo done", input, Duration.ofSeconds(30), 4096));

    assertThat(result.exitCode()).isZero();
    assertThat(result.output()).isEqualTo("hello from stdin\nsecond line\ndone\n");
  }

  @Test
  void stopsTheProcessWhenKeepGoingTurnsFalse() {
    AtomicInteger polls = new AtomicInteger();
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                ProcessRunner.run(
                    shell(dir, "sleep 300", null, Duration.ofMinutes(5), 4096),
                    () -> polls.incrementAndGet() < 2))
        .isInstanceOf(ProcessCancelledException.class)
        .hasMessageContaining("stopped");

    assertThat(polls.get()).isEqualTo(2);
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(20_000);
  }

  @Test
  void timeoutHoldsWhenTheChildNeverReadsALargeStdin() {
    byte[] input = new byte[1 << 20];
    ProcessResult result =
        ProcessRunner.run(
            new ProcessSpec(
                java.util.List.of("sh", "-c", "sleep 30"),
                null,
                null,
                input,
                java.time.Duration.ofSeconds(1),
                1024));
    assertThat(result.timedOut()).isTrue();
  }
}
