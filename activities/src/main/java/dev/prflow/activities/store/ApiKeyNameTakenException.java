package dev.prflow.activities.store;

/** A live key already has this name; revoke it first (or pick another name). */
public final class ApiKeyNameTakenException extends RuntimeException {

  public ApiKeyNameTakenException(String name) {
    super("a live API key is already named " + name);
  }
}
