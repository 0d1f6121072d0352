package dev.prflow.api.auth;

import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failure budgets per client address (failed authentications, badly signed webhook deliveries).
 * Only failures spend the budget; an address whose budget is spent is refused before any work is
 * done. The map is bounded: buckets idle for a whole period are full again and are dropped, and
 * past {@link #MAX_ADDRESSES} the longest-idle ones go first, so a flood of addresses costs memory
 * once, not forever.
 */
public final class AddressLimiter {

  /** Most addresses tracked at once. */
  public static final int MAX_ADDRESSES = 10_000;

  private static final class Entry {
    final Bucket bucket;
    volatile Instant lastFailure;

    Entry(Bucket bucket, Instant now) {
      this.bucket = bucket;
      this.lastFailure = now;
    }
  }

  private final RateLimit limit;
  private final Clock clock;
  private final int maxAddresses;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public AddressLimiter(RateLimit limit) {
    this(limit, Clock.systemUTC(), MAX_ADDRESSES);
  }

  AddressLimiter(RateLimit limit, Clock clock, int maxAddresses) {
    this.limit = limit;
    this.clock = clock;
    this.maxAddresses = maxAddresses;
  }

  /** The spent budget of an address that may not try again yet; null when it may. */
  public Budget refusal(String address) {
    Entry e = entries.get(address);
    if (e == null) {
      return null;
    }
    var probe = e.bucket.estimateAbilityToConsume(1);
    if (probe.canBeConsumed()) {
      return null;
    }
    long retryAfter =
        Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
    return new Budget(limit.requests(), 0, retryAfter, retryAfter, false);
  }

  /** Spends one failure of the address's budget. */
  public void recordFailure(String address) {
    Instant now = clock.instant();
    Entry e = entries.get(address);
    if (e == null) {
      evictIfFull(now);
      e = entries.computeIfAbsent(address, a -> new Entry(Budget.bucket(limit), now));
    }
    e.lastFailure = now;
    e.bucket.tryConsume(1);
  }

  /** How many addresses are tracked now. */
  public int size() {
    return entries.size();
  }

  private void evictIfFull(Instant now) {
    if (entries.size() < maxAddresses) {
      return;
    }
    Instant idle = now.minus(limit.period());
    entries.values().removeIf(e -> e.lastFailure.isBefore(idle));
    int excess = entries.size() - maxAddresses + 1;
    if (excess > 0) {
      entries.entrySet().stream()
          .sorted(Comparator.comparing(en -> en.getValue().lastFailure))
          .limit(excess)
          .map(Map.Entry::getKey)
          .toList()
          .forEach(entries::remove);
    }
  }
}
