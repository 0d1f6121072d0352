package dev.prflow.activities.localgit;

/** A git command failed; the message carries git's own words. */
public class GitException extends RuntimeException {
  public GitException(String message) {
    super(message);
  }
}
