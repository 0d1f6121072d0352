package dev.prflow.activities.prompt;

/**
 * The codebase a prompt should describe cannot be read: the directory is not a git repository, or
 * the ref names no commit. Retrying does not help, so callers should report it as bad input.
 */
public class PromptGenerationException extends RuntimeException {

  public PromptGenerationException(String message) {
    super(message);
  }

  public PromptGenerationException(String message, Throwable cause) {
    super(message, cause);
  }
}
