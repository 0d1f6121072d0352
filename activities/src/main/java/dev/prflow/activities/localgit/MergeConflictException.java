package dev.prflow.activities.localgit;

/** A pull request that does not merge cleanly: trying again will not help until someone acts. */
public class MergeConflictException extends GitException {
  public MergeConflictException(String message) {
    super(message);
  }
}
