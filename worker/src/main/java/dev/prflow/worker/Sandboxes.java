package dev.prflow.worker;

import dev.prflow.activities.sandbox.Sandbox;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Chooses the sandbox for agent and test commands from {@code PRFLOW_SANDBOX}: bubblewrap, found on
 * {@code PATH}, hiding {@code $PRFLOW_HOME} and the worker user's home; or nothing, said loudly.
 */
final class Sandboxes {

  /** Printed at start and listed in {@code /health} when commands run unsandboxed. */
  static final String OFF_WARNING =
      "PRFLOW_SANDBOX=off: agent and test commands run unsandboxed, as the worker user, and can"
          + " read its files and its processes' environments (secrets included)";

  private Sandboxes() {}

  /** The configured sandbox; throws {@link NoSandboxException} when it is on but bwrap absent. */
  static Sandbox forConfig(PrflowConfig config) {
    if (!config.sandbox()) {
      return Sandbox.off();
    }
    Path bwrap = Sandbox.findBubblewrap(System.getenv("PATH")).orElseThrow(Sandboxes::missing);
    return Sandbox.bubblewrap(
        bwrap, List.of(config.home(), Path.of(System.getProperty("user.home"))));
  }

  /**
   * For {@code worker} and {@code dev}, before anything starts: a warning when the sandbox is off,
   * {@link NoSandboxException} when bwrap is missing or cannot start a sandbox here.
   */
  static void check(PrflowConfig config, Consumer<String> say) {
    if (!config.sandbox()) {
      say.accept("WARNING: " + OFF_WARNING);
      return;
    }
    Optional<String> broken = forConfig(config).probe();
    if (broken.isPresent()) {
      throw new NoSandboxException(
          "bubblewrap cannot start a sandbox here ("
              + broken.get()
              + "); fix it, or set PRFLOW_SANDBOX=off to run agent and test commands unsandboxed");
    }
  }

  /** True when the sandbox is on but bwrap is not on {@code PATH} ({@code prflow demo}). */
  static boolean missing(PrflowConfig config) {
    return config.sandbox() && Sandbox.findBubblewrap(System.getenv("PATH")).isEmpty();
  }

  private static NoSandboxException missing() {
    return new NoSandboxException(
        "bubblewrap (bwrap) is not on PATH: install it (Debian: apt-get install bubblewrap) or set"
            + " PRFLOW_SANDBOX=off to run agent and test commands unsandboxed");
  }
}
