package dev.prflow.api.auth;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.javalin.http.Context;
import java.util.concurrent.TimeUnit;

/**
 * What is left of a budget after a request, written as the {@code RateLimit-*} headers (IETF
 * draft): the limit, the requests left, and the seconds until the budget is whole again.
 */
public record Budget(
    long limit, long remaining, long resetSeconds, long retryAfterSeconds, boolean ok) {

  static Bucket bucket(RateLimit limit) {
    return Bucket.builder()
        .addLimit(l -> l.capacity(limit.requests()).refillGreedy(limit.requests(), limit.period()))
        .build();
  }

  static Budget of(RateLimit limit, ConsumptionProbe probe) {
    return new Budget(
        limit.requests(),
        probe.getRemainingTokens(),
        seconds(probe.getNanosToWaitForReset()),
        Math.max(1, seconds(probe.getNanosToWaitForRefill())),
        probe.isConsumed());
  }

  public void writeHeaders(Context ctx) {
    ctx.header("RateLimit-Limit", Long.toString(limit));
    ctx.header("RateLimit-Remaining", Long.toString(remaining));
    ctx.header("RateLimit-Reset", Long.toString(resetSeconds));
    if (!ok) {
      ctx.header("Retry-After", Long.toString(retryAfterSeconds));
    }
  }

  private static long seconds(long nanos) {
    return (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1);
  }
}
