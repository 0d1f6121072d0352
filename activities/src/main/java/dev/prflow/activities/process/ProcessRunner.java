package dev.prflow.activities.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs child processes with a timeout, bounded output and a kill that reaches the whole process
 * tree. While waiting it calls a heartbeat hook, which may ask for cancellation by returning false.
 */
public final class ProcessRunner {

  private static final long POLL_MILLIS = 200;

  /** Kept of stderr when it is read apart: enough for any error message. */
  private static final int MAX_ERROR_OUTPUT = 64 * 1024;

  private ProcessRunner() {}

  public static ProcessResult run(ProcessSpec spec) {
    return run(spec, () -> true);
  }

  /**
   * @param keepGoing called about every 200 ms while the process runs; returning false kills it
   */
  public static ProcessResult run(ProcessSpec spec, BooleanSupplier keepGoing) {
    ProcessBuilder builder =
        new ProcessBuilder(spec.command()).redirectErrorStream(!spec.separateErrorOutput());
    if (spec.directory() != null) {
      builder.directory(spec.directory().toFile());
    }
    if (spec.environment() != null) {
      builder.environment().clear();
      builder.environment().putAll(spec.environment());
    }
    long started = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.command().get(0), e);
    }
    TailBuffer output = new TailBuffer(spec.maxOutputBytes());
    Thread reader = new Thread(() -> drain(process.getInputStream(), output), "process-output");
    reader.setDaemon(true);
    reader.start();
    TailBuffer errors = new TailBuffer(Math.min(spec.maxOutputBytes(), MAX_ERROR_OUTPUT));
    Thread errorReader = null;
    if (spec.separateErrorOutput()) {
      errorReader = new Thread(() -> drain(process.getErrorStream(), errors), "process-errors");
      errorReader.setDaemon(true);
      errorReader.start();
    }
    // Fed from its own thread: a child that never reads its input must not stall the timeout.
    Thread writer = new Thread(() -> feedStdin(process, spec.stdin()), "process-input");
    writer.setDaemon(true);
    writer.start();

    long deadline = started + spec.timeout().toNanos();
    boolean timedOut = false;
    boolean stopped = false;
    try {
      while (!process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
        if (System.nanoTime() > deadline) {
          timedOut = true;
          break;
        }
        if (!keepGoing.getAsBoolean()) {
          stopped = true;
          break;
        }
      }
    } catch (InterruptedException e) {
      stopped = true;
      Thread.currentThread().interrupt();
    }
    if (timedOut || stopped) {
      killTree(process.toHandle());
    }
    try {
      process.waitFor(10, TimeUnit.SECONDS);
      reader.join(5_000);
      if (errorReader != null) {
        errorReader.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    long durationMs = (System.nanoTime() - started) / 1_000_000;
    if (stopped) {
      throw new ProcessCancelledException(
          spec.command().get(0) + " was stopped after " + durationMs + " ms");
    }
    int exit = process.isAlive() ? -1 : process.exitValue();
    return new ProcessResult(
        exit,
        timedOut,
        durationMs,
        output.text(),
        output.truncated(),
        errorReader == null ? "" : errors.text());
  }

  /**
   * Kills a process and every descendant, children first, forcibly after a short grace, and waits
   * (a few seconds at most) until they are gone. A sandbox's processes all descend from it, even
   * daemonised ones: its PID namespace's init reaps them, and they die with it.
   */
  public static void killTree(ProcessHandle root) {
    var descendants = root.descendants().toList();
    descendants.forEach(ProcessHandle::destroy);
    root.destroy();
    try {
      root.onExit().get(2, TimeUnit.SECONDS);
    } catch (Exception notYet) {
      // fall through to the forcible kill
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    root.destroyForcibly();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ProcessHandle p : descendants) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        p.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception stillThere) {
        // reported by nobody: the caller already gave up on this tree
      }
    }
  }

  private static void feedStdin(Process process, byte[] stdin) {
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    } catch (IOException closedEarly) {
      // the child did not read its input; that is its choice
    }
  }

  private static void drain(InputStream in, TailBuffer sink) {
    byte[] chunk = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        sink.append(chunk, n);
      }
    } catch (IOException streamClosed) {
      // the process is gone; what was read is kept
    }
  }

  /**
   * Keeps the last {@code limit} bytes written and whether anything was dropped. It grows with the
   * output, so a short command does not pay for the limit.
   */
  static final class TailBuffer {
    private final int limit;
    private byte[] ring;
    private long written;

    TailBuffer(int limit) {
      this.limit = Math.max(1, limit);
      this.ring = new byte[Math.min(1024, this.limit)];
    }

    synchronized void append(byte[] data, int length) {
      if (written + length <= limit && written + length > ring.length) {
        ring =
            java.util.Arrays.copyOf(
                ring, (int) Math.min(limit, Math.max(written + length, ring.length * 2L)));
      } else if (written + length > limit && ring.length < limit) {
        ring = java.util.Arrays.copyOf(ring, limit);
      }
      for (int i = 0; i < length; i++) {
        ring[(int) (written % ring.length)] = data[i];
        written++;
      }
    }

    synchronized boolean truncated() {
      return written > limit;
    }

    synchronized String text() {
      if (written <= ring.length) {
        return new String(ring, 0, (int) written, StandardCharsets.UTF_8);
      }
      int start = (int) (written % ring.length);
      byte[] ordered = new byte[ring.length];
      System.arraycopy(ring, start, ordered, 0, ring.length - start);
      System.arraycopy(ring, 0, ordered, ring.length - start, start);
      return new String(ordered, StandardCharsets.UTF_8);
    }
  }
}
