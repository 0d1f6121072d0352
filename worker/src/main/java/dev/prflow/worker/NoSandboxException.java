package dev.prflow.worker;

/** The sandbox is required but bubblewrap is missing or cannot run: prflow exits with 2. */
final class NoSandboxException extends RuntimeException {
  NoSandboxException(String message) {
    super(message);
  }
}
