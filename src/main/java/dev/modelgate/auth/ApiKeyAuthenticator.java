package dev.modelgate.auth;

import dev.modelgate.error.Unauthenticated;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Checks the key a client sends ({@code Authorization: Bearer}, {@code api-key} or {@code
 * x-api-key}, as the OpenAI, Azure and Anthropic SDKs send it) against the stored hashes. The
 * lookup is by hash, and the final comparison is constant-time.
 */
public final class ApiKeyAuthenticator {
  /** A configured key: its stored hash and what it may do. */
  public record KeyEntry(String name, byte[] digest, List<String> models) {}

  private final Map<ByteBuffer, KeyEntry> byDigest = new HashMap<>();
  private final @Nullable Principal anonymous;

  public ApiKeyAuthenticator(List<KeyEntry> keys, @Nullable Principal anonymous) {
    for (KeyEntry key : keys) {
      byDigest.put(ByteBuffer.wrap(key.digest()), key);
    }
    this.anonymous = anonymous;
  }

  public Principal authenticate(Function<String, @Nullable String> headers) {
    String key = presentedKey(headers);
    if (key == null) {
      if (anonymous != null) {
        return anonymous;
      }
      throw new Unauthenticated(
          "You didn't provide an API key. You need to provide your API key in an Authorization header"
              + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }
    byte[] digest = ApiKeys.digest(key);
    KeyEntry entry = byDigest.get(ByteBuffer.wrap(digest));
    if (entry == null || !MessageDigest.isEqual(entry.digest(), digest)) {
      throw new Unauthenticated("Incorrect API key provided: " + redact(key) + ".");
    }
    return new Principal(keyId(entry.digest()), entry.name(), entry.models());
  }

  private static @Nullable String presentedKey(Function<String, @Nullable String> headers) {
    String authorization = headers.apply("authorization");
    if (authorization != null) {
      String value = authorization.strip();
      if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
        String token = value.substring(7).strip();
        return token.isEmpty() ? null : token;
      }
    }
    for (String name : new String[] {"api-key", "x-api-key"}) {
      String value = headers.apply(name);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return null;
  }

  /** A stable, non-secret id of a key: the first 12 hex digits of its hash. */
  public static String keyId(byte[] digest) {
    return java.util.HexFormat.of().formatHex(digest, 0, 6);
  }

  /** What OpenAI shows of a wrong key: its start and end only. */
  private static String redact(String key) {
    if (key.length() <= 8) {
      return "****";
    }
    return key.substring(0, 3) + "*".repeat(4) + key.substring(key.length() - 4);
  }
}
