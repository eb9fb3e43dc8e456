package dev.modelgate.admin;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as authenticator apps make them: HMAC-SHA1, 30-second
 * steps, 6 digits; a code of the step before or after is accepted for clock drift.
 */
public final class Totp {
  static final long STEP_SECONDS = 30;
  static final int DIGITS = 6;

  private Totp() {}

  /** The step {@code at} falls in (RFC 6238's T, with T0 = 0). */
  public static long step(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), STEP_SECONDS);
  }

  /** The code of {@code step} (RFC 4226's HOTP with dynamic truncation). */
  public static String code(byte[] secret, long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret, "HmacSHA1"));
      byte[] digest = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = digest[digest.length - 1] & 0x0f;
      int binary = ByteBuffer.wrap(digest, offset, 4).getInt() & 0x7fffffff;
      return String.format("%0" + DIGITS + "d", binary % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is missing from this JDK", e);
    }
  }

  /**
   * The step whose code {@code code} is, among the steps around {@code at}; -1 when it is none of
   * them. Every candidate is compared, in constant time.
   */
  public static long matchingStep(byte[] secret, String code, Instant at) {
    long now = step(at);
    long found = -1;
    for (long candidate = now - 1; candidate <= now + 1; candidate++) {
      if (MessageDigest.isEqual(
          code(secret, candidate).getBytes(StandardCharsets.US_ASCII),
          code.getBytes(StandardCharsets.US_ASCII))) {
        found = candidate;
      }
    }
    return found;
  }

  /** What an authenticator app scans: {@code otpauth://totp/ISSUER:NAME?secret=...}. */
  public static String enrolmentUri(String issuer, String account, byte[] secret) {
    String label = urlEncode(issuer) + ":" + urlEncode(account);
    return "otpauth://totp/"
        + label
        + "?secret="
        + Base32.encode(secret)
        + "&issuer="
        + urlEncode(issuer)
        + "&algorithm=SHA1&digits="
        + DIGITS
        + "&period="
        + STEP_SECONDS;
  }

  private static String urlEncode(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
