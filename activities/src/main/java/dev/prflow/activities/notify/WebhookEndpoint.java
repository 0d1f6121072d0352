package dev.prflow.activities.notify;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import okhttp3.HttpUrl;

/**
 * A webhook URL that keeps its secret. Slack-style webhook URLs carry their credential in the path
 * (and some services in the query), so only the scheme and host are ever shown; {@link #scrub}
 * removes the secret parts from text that may have picked them up, such as exception messages.
 */
public final class WebhookEndpoint {

  private static final int MIN_SECRET_LENGTH = 6;

  private final HttpUrl url;
  private final String display;
  private final List<String> secrets;

  private WebhookEndpoint(HttpUrl url) {
    this.url = url;
    this.display = url.scheme() + "://" + url.host() + "/…";
    List<String> parts = new ArrayList<>();
    parts.add(url.toString());
    addIfSecret(parts, url.encodedPath());
    addIfSecret(parts, String.join("/", url.pathSegments()));
    for (String segment : url.encodedPathSegments()) {
      addIfSecret(parts, segment);
    }
    for (String segment : url.pathSegments()) {
      addIfSecret(parts, segment);
    }
    addIfSecret(parts, url.encodedQuery());
    addIfSecret(parts, url.query());
    if (url.querySize() > 0) {
      for (int i = 0; i < url.querySize(); i++) {
        addIfSecret(parts, url.queryParameterValue(i));
      }
    }
    addIfSecret(parts, url.password());
    parts.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(parts);
  }

  /**
   * Parses {@code NOTIFY_WEBHOOK_URL}. The message of the exception thrown for a bad value never
   * repeats the value.
   */
  public static WebhookEndpoint parse(String webhookUrl) {
    if (webhookUrl == null || webhookUrl.isBlank()) {
      throw new IllegalArgumentException("NOTIFY_WEBHOOK_URL is empty");
    }
    HttpUrl parsed = HttpUrl.parse(webhookUrl.strip());
    if (parsed == null) {
      throw new IllegalArgumentException("NOTIFY_WEBHOOK_URL is not an http(s) URL");
    }
    return new WebhookEndpoint(parsed);
  }

  /** The full URL, to post to; never log it. */
  HttpUrl url() {
    return url;
  }

  /** Scheme and host only, for logs, errors and the store. */
  public String display() {
    return display;
  }

  /** The text with the URL, its path, path segments and query replaced by {@link #display}. */
  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, secret.equals(url.toString()) ? display : "…");
    }
    return result;
  }

  @Override
  public String toString() {
    return display;
  }

  private static void addIfSecret(List<String> parts, String part) {
    if (part != null && part.replace("/", "").length() >= MIN_SECRET_LENGTH) {
      parts.add(part);
    }
  }
}
