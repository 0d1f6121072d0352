package dev.prflow.api.webhooks;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's {@code X-Hub-Signature-256}: {@code sha256=} and the hex HMAC-SHA256 of the raw request
 * body, keyed with the webhook secret.
 */
final class WebhookSignature {

  static final String HEADER = "X-Hub-Signature-256";
  private static final String PREFIX = "sha256=";
  private static final int DIGEST_BYTES = 32;

  /** Why a delivery is or is not trusted. */
  enum Verdict {
    VALID,
    MISSING,
    MALFORMED,
    MISMATCH
  }

  private WebhookSignature() {}

  static Verdict verify(byte[] secret, byte[] body, String header) {
    if (header == null || header.isBlank()) {
      return Verdict.MISSING;
    }
    String value = header.strip();
    if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return Verdict.MALFORMED;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(value.substring(PREFIX.length()));
    } catch (IllegalArgumentException notHex) {
      return Verdict.MALFORMED;
    }
    if (given.length != DIGEST_BYTES) {
      return Verdict.MALFORMED;
    }
    // Constant time: how much of a forged signature matches must not show in the response time.
    return MessageDigest.isEqual(hmac(secret, body), given) ? Verdict.VALID : Verdict.MISMATCH;
  }

  /** The header value GitHub would send for {@code body}. */
  static String sign(byte[] secret, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
  }

  private static byte[] hmac(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
