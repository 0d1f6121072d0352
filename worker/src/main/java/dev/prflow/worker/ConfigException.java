package dev.prflow.worker;

/** A configuration value is missing or malformed; the message names it in one line. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
