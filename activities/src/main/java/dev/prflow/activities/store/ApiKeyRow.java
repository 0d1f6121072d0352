package dev.prflow.activities.store;

import java.time.Instant;
import java.util.Set;

/**
 * An API key as listed: never the key, never its hash.
 *
 * @param keyPrefix the key's first characters ({@code prf_AbCd}), to tell keys apart
 * @param lastUsedAt when it last authenticated a request, to the minute; null if never
 * @param revokedAt null while the key is live
 */
public record ApiKeyRow(
    long id,
    String name,
    String keyPrefix,
    Set<ApiScope> scopes,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {}
