package dev.prflow.api;

import dev.prflow.activities.github.GitHubException;
import dev.prflow.api.validation.ApiException;

/** How a GitHub failure other than "not found" answers an API request that needed GitHub. */
final class GitHubErrors {

  private GitHubErrors() {}

  /**
   * 502 {@code upstream_refused} when retrying cannot help (a bad or underprivileged token), else
   * 503 {@code unavailable}, which carries {@code Retry-After}.
   *
   * @param what what prflow asked about, e.g. {@code octo-org/hello-world}
   */
  static ApiException answer(String what, GitHubException e) {
    if (!e.retryable()) {
      return ApiException.upstreamRefused(
          "GitHub refused prflow's lookup of " + what + ": " + e.getMessage());
    }
    return ApiException.unavailable(
        "could not ask GitHub about " + what + "; try again shortly: " + e.getMessage());
  }
}
