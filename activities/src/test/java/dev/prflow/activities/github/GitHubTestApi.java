package dev.prflow.activities.github;

import java.time.Clock;
import java.time.Duration;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * For tests outside this package that script GitHub with mockwebserver3: the recorded answers under
 * {@code src/test/resources/github}, JSON responses shaped like GitHub's, and a client that never
 * waits between retries.
 */
public final class GitHubTestApi {

  private GitHubTestApi() {}

  /** A recorded GitHub answer, e.g. {@code pull.json}. */
  public static String fixture(String name) {
    return GitHubFixtures.resource(name);
  }

  /** A JSON response as GitHub sends it. */
  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body)
        .build();
  }

  /** A client of {@code apiUrl} that retries a 5xx once and never sleeps. */
  public static GitHubClient client(HttpUrl apiUrl, String token) {
    return new GitHubClient(
        new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build(),
        apiUrl,
        token,
        wait -> {},
        Clock.systemUTC(),
        new GitHubClient.Limits(Duration.ZERO, 0, 1, Duration.ofMillis(1)));
  }
}
