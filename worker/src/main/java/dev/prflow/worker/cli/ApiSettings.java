package dev.prflow.worker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the API is and the key to call it with: {@code PRFLOW_API_URL} (default {@code
 * http://127.0.0.1:8080}), {@code PRFLOW_API_KEY}, else the key {@code prflow dev} wrote to {@code
 * $PRFLOW_HOME/api-key}.
 */
public record ApiSettings(String baseUrl, String apiKey) {

  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  /** The file {@code prflow dev} and {@code prflow demo} write their admin key to. */
  public static final String KEY_FILE = "api-key";

  public static ApiSettings from(CliContext context) {
    String url = context.get("PRFLOW_API_URL");
    if (url == null) {
      url = DEFAULT_URL;
    }
    while (url.endsWith("/")) {
      url = url.substring(0, url.length() - 1);
    }
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new CliFailure(
          CliFailure.UNREACHABLE,
          "PRFLOW_API_URL must start with http:// or https://, not \"" + url + "\"");
    }
    String key = context.get("PRFLOW_API_KEY");
    Path file = home(context).resolve(KEY_FILE);
    if (key == null && Files.isRegularFile(file)) {
      try {
        String stored = Files.readString(file).strip();
        key = stored.isEmpty() ? null : stored;
      } catch (IOException e) {
        throw new CliFailure(
            CliFailure.UNREACHABLE, "cannot read the API key in " + file + ": " + e);
      }
    }
    if (key == null) {
      throw new CliFailure(
          CliFailure.UNREACHABLE,
          "no API key: set PRFLOW_API_KEY (make one with `prflow keys create NAME`) or run `prflow"
              + " dev`, which writes one to "
              + file);
    }
    return new ApiSettings(url, key);
  }

  static Path home(CliContext context) {
    String home = context.get("PRFLOW_HOME");
    return home != null ? Path.of(home) : Path.of(System.getProperty("user.home"), ".prflow");
  }
}
