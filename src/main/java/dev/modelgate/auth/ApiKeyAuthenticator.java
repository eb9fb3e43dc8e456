package dev.modelgate.auth;

import dev.modelgate.error.PermissionDenied;
import dev.modelgate.error.Unauthenticated;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Checks the key a client sends ({@code Authorization: Bearer}, {@code api-key} or {@code
 * x-api-key}, as the OpenAI, Azure and Anthropic SDKs send it) against the stored hashes: those of
 * the configuration file, then those of the store (held in memory). The lookup is by hash, and the
 * final comparison is constant-time. A store key may also have an expiry, an end of validity (the
 * old secret of a rotated key) and an IP allowlist.
 */
public final class ApiKeyAuthenticator {
  /**
   * A key by its hash and what it may do. {@code validUntil} ends the old secret of a rotated key;
   * an empty {@code allowedIps} allows every address.
   */
  public record KeyEntry(
      String id,
      String name,
      byte[] digest,
      List<String> models,
      @Nullable String owner,
      @Nullable String team,
      @Nullable Instant expiresAt,
      @Nullable Instant validUntil,
      List<IpRange> allowedIps,
      KeyLimits limits) {
    public KeyEntry {
      models = List.copyOf(models);
      allowedIps = List.copyOf(allowedIps);
    }

    /** A key of the configuration file: its id is derived from its hash. */
    public KeyEntry(String name, byte[] digest, List<String> models) {
      this(keyId(digest), name, digest, models, null, null, null, null, List.of(), KeyLimits.NONE);
    }
  }

  private final Map<ByteBuffer, KeyEntry> byDigest = new HashMap<>();
  private final KeySource more;
  private final Clock clock;
  private final @Nullable Principal anonymous;
  private final @Nullable JwtAuthenticator jwt;
  private final ClientCertificates certificates;

  public ApiKeyAuthenticator(List<KeyEntry> keys, @Nullable Principal anonymous) {
    this(keys, KeySource.NONE, Clock.systemUTC(), anonymous);
  }

  public ApiKeyAuthenticator(
      List<KeyEntry> keys, KeySource more, Clock clock, @Nullable Principal anonymous) {
    this(keys, more, clock, anonymous, null);
  }

  /** The token issuers of this snapshot ({@code auth.jwt}), or null when none is configured. */
  public @Nullable JwtAuthenticator jwt() {
    return jwt;
  }

  /** With {@code jwt}, a presented value that is no known key but has a JWT's shape is a token. */
  public ApiKeyAuthenticator(
      List<KeyEntry> keys,
      KeySource more,
      Clock clock,
      @Nullable Principal anonymous,
      @Nullable JwtAuthenticator jwt) {
    this(keys, more, clock, anonymous, jwt, new ClientCertificates(List.of()));
  }

  /**
   * With {@code certificates}, a request without a key may be known by its TLS client certificate.
   */
  public ApiKeyAuthenticator(
      List<KeyEntry> keys,
      KeySource more,
      Clock clock,
      @Nullable Principal anonymous,
      @Nullable JwtAuthenticator jwt,
      ClientCertificates certificates) {
    this.certificates = certificates;
    for (KeyEntry key : keys) {
      byDigest.put(ByteBuffer.wrap(key.digest()), key);
    }
    this.more = more;
    this.clock = clock;
    this.anonymous = anonymous;
    this.jwt = jwt;
  }

  /** Authenticates without a known client address: keys with an IP allowlist are refused. */
  public Principal authenticate(Function<String, @Nullable String> headers) {
    return authenticate(headers, null);
  }

  public Principal authenticate(
      Function<String, @Nullable String> headers, @Nullable InetAddress client) {
    return authenticate(headers, client, null);
  }

  /**
   * A key, when one is sent, decides; without one, a verified TLS client certificate that the
   * configuration names is the client; otherwise the anonymous principal, if allowed.
   */
  public Principal authenticate(
      Function<String, @Nullable String> headers,
      @Nullable InetAddress client,
      @Nullable X509Certificate peerCertificate) {
    String key = presentedKey(headers);
    if (key == null) {
      if (peerCertificate != null && !certificates.isEmpty()) {
        Principal known = certificates.principal(peerCertificate);
        if (known != null) {
          return known;
        }
      }
      if (anonymous != null) {
        return anonymous;
      }
      throw new Unauthenticated(
          peerCertificate != null && !certificates.isEmpty()
              ? "The client certificate "
                  + peerCertificate.getSubjectX500Principal().getName()
                  + " is not one of auth.client_certificates, and no API key was provided."
              : "You didn't provide an API key. You need to provide your API key in an"
                  + " Authorization header using Bearer auth (i.e. Authorization: Bearer"
                  + " YOUR_KEY).");
    }
    byte[] digest = ApiKeys.digest(key);
    ByteBuffer lookup = ByteBuffer.wrap(digest);
    KeyEntry entry = byDigest.get(lookup);
    if (entry == null) {
      entry = more.find(lookup);
    }
    if (entry == null && jwt != null && JwtAuthenticator.looksLikeJwt(key)) {
      return jwt.authenticate(key);
    }
    Instant now = clock.instant();
    if (entry == null
        || !MessageDigest.isEqual(entry.digest(), digest)
        || (entry.validUntil() != null && !now.isBefore(entry.validUntil()))) {
      throw new Unauthenticated("Incorrect API key provided: " + redact(key) + ".");
    }
    if (entry.expiresAt() != null && !now.isBefore(entry.expiresAt())) {
      throw new Unauthenticated("The API key " + redact(key) + " has expired.");
    }
    if (!entry.allowedIps().isEmpty() && !allowed(entry.allowedIps(), client)) {
      throw new PermissionDenied(
          "This API key may not be used from "
              + (client == null ? "an unknown address" : client.getHostAddress())
              + ".");
    }
    return new Principal(
        entry.id(), entry.name(), entry.models(), entry.owner(), entry.team(), entry.limits());
  }

  private static boolean allowed(List<IpRange> ranges, @Nullable InetAddress client) {
    if (client == null) {
      return false;
    }
    for (IpRange range : ranges) {
      if (range.contains(client)) {
        return true;
      }
    }
    return false;
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
  public static String redact(String key) {
    if (key.length() <= 8) {
      return "****";
    }
    return key.substring(0, 3) + "*".repeat(4) + key.substring(key.length() - 4);
  }
}
