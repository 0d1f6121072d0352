package dev.prflow.activities.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.prflow.activities.http.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Shared pieces of the GitHub contract tests: recorded JSON, a fake clock, a recording sleeper. */
final class GitHubFixtures {

  static final String TOKEN = "ghp_Zx9TestTokenNeverInUrls0123456789";
  static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  static final String HEAD_SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
  static final String BASE_SHA = "9a2ce2e8d6d4a4b6c4f0ba1a67e4cf8c2b53a0d1";

  /** Records every wait instead of waiting. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }

  private GitHubFixtures() {}

  static GitHubClient client(HttpUrl apiUrl, Sleeper sleeper) {
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5))
            .readTimeout(Duration.ofSeconds(5))
            .build();
    return new GitHubClient(http, apiUrl, TOKEN, sleeper, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  static String resource(String name) {
    try (InputStream in = GitHubFixtures.class.getResourceAsStream("/github/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource github/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse json(int code, String resourceName) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .addHeader("X-GitHub-Media-Type", "github.v3; format=json")
        .addHeader("X-RateLimit-Limit", "5000")
        .addHeader("X-RateLimit-Remaining", "4987")
        .addHeader("X-RateLimit-Reset", Long.toString(NOW.getEpochSecond() + 3000))
        .body(resource(resourceName))
        .build();
  }

  static MockResponse ok(String resourceName) {
    return json(200, resourceName);
  }

  static MockResponse okWithNext(String resourceName, HttpUrl next, HttpUrl last) {
    String link = "<" + next + ">; rel=\"next\", <" + last + ">; rel=\"last\"";
    return new MockResponse.Builder(ok(resourceName)).addHeader("Link", link).build();
  }

  /** The next request, checked for what every request must carry and must not carry. */
  static RecordedRequest take(MockWebServer server) throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the server").isNotNull();
    assertThat(request.getTarget()).doesNotContain(TOKEN);
    assertThat(request.getUrl().toString()).doesNotContain(TOKEN);
    assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(request.getHeaders().get("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
    assertThat(request.getHeaders().get("User-Agent")).startsWith("prflow");
    return request;
  }

  static String body(RecordedRequest request) {
    return request.getBody() == null ? "" : request.getBody().utf8();
  }
}
