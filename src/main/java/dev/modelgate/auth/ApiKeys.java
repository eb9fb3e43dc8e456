package dev.modelgate.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Client API keys: 256 random bits, shown once; only their SHA-256 is stored. A fast hash suffices
 * because the keys are random, not chosen by people, so there is nothing to guess from the hash.
 */
public final class ApiKeys {
  /** Prefix of every stored key hash. */
  public static final String HASH_PREFIX = "sha256:";

  private static final SecureRandom RANDOM = new SecureRandom();
  // Cloned per digest: looking the algorithm up through the security providers on every request
  // cost more than hashing the key.
  private static final MessageDigest SHA_256 = sha256();

  private ApiKeys() {}

  public static String newKey() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "mg-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The stored form of a key: {@code sha256:} and 64 hex digits. */
  public static String hash(String key) {
    return HASH_PREFIX + HexFormat.of().formatHex(digest(key));
  }

  static byte[] digest(String key) {
    try {
      return ((MessageDigest) SHA_256.clone()).digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (CloneNotSupportedException e) {
      return sha256().digest(key.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** The digest bytes of a stored hash, or null when it is not of the form {@link #hash} makes. */
  public static byte @org.jspecify.annotations.Nullable [] parseHash(String stored) {
    if (!stored.startsWith(HASH_PREFIX) || stored.length() != HASH_PREFIX.length() + 64) {
      return null;
    }
    try {
      return HexFormat.of().parseHex(stored, HASH_PREFIX.length(), stored.length());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
