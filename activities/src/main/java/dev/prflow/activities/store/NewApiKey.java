package dev.prflow.activities.store;

/**
 * A key just made: the only time the key itself exists outside its holder's hands. Its {@code
 * toString} leaves the key out, so a stray log line cannot leak it.
 */
public record NewApiKey(ApiKeyRow row, String key) {

  @Override
  public String toString() {
    return "NewApiKey[" + row + "]";
  }
}
