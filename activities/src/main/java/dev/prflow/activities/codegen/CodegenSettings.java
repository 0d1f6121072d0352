package dev.prflow.activities.codegen;

import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The {@code CODEGEN_*} settings. {@link #toString()} hides the key so the record can be logged.
 *
 * @param apiKey {@code CODEGEN_API_KEY}, or null when Codegen is not configured
 * @param orgId {@code CODEGEN_ORG_ID}, the numeric organisation id (required with a key)
 * @param apiUrl {@code CODEGEN_API_URL}, default {@code https://api.codegen.com}
 * @param mockMode {@code CODEGEN_ENABLE_MOCK_MODE}: use the built-in demo agent instead
 */
public record CodegenSettings(String apiKey, String orgId, HttpUrl apiUrl, boolean mockMode) {

  public static CodegenSettings from(Map<String, String> env) {
    String key = blankToNull(env.get("CODEGEN_API_KEY"));
    String org = blankToNull(env.get("CODEGEN_ORG_ID"));
    String url = blankToNull(env.get("CODEGEN_API_URL"));
    String mock = blankToNull(env.get("CODEGEN_ENABLE_MOCK_MODE"));

    boolean mockMode = false;
    if (mock != null) {
      switch (mock.toLowerCase(Locale.ROOT)) {
        case "true", "1", "yes", "on" -> mockMode = true;
        case "false", "0", "no", "off" -> mockMode = false;
        default ->
            throw new IllegalArgumentException(
                "CODEGEN_ENABLE_MOCK_MODE must be true or false, not '" + mock + "'");
      }
    }
    HttpUrl apiUrl = CodegenClient.DEFAULT_BASE_URL;
    if (url != null) {
      apiUrl = HttpUrl.parse(url);
      if (apiUrl == null) {
        throw new IllegalArgumentException("CODEGEN_API_URL is not an http(s) URL: '" + url + "'");
      }
    }
    if (key != null && org == null && !mockMode) {
      throw new IllegalArgumentException(
          "CODEGEN_ORG_ID is required with CODEGEN_API_KEY (your organisation id, a number shown"
              + " in Codegen's settings)");
    }
    if (org != null && !org.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException(
          "CODEGEN_ORG_ID must be the numeric organisation id, not '" + org + "'");
    }
    return new CodegenSettings(key, org, apiUrl, mockMode);
  }

  /** True when real Codegen calls can be made: a key and an org id, and mock mode off. */
  public boolean configured() {
    return apiKey != null && orgId != null && !mockMode;
  }

  @Override
  public String toString() {
    return "CodegenSettings[apiKey="
        + (apiKey == null ? "unset" : "***")
        + ", orgId="
        + orgId
        + ", apiUrl="
        + apiUrl
        + ", mockMode="
        + mockMode
        + "]";
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
