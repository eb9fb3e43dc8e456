package dev.modelgate.config;

import dev.modelgate.auth.IpRange;
import dev.modelgate.auth.IpRules;
import dev.modelgate.auth.LockoutSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The network edge of the API listener: who may connect ({@code ip}), whose forwarding headers are
 * believed ({@code trustedProxies}), TLS, header and JSON nesting limits, the failed-auth lockout,
 * and how many connections it holds and for how long.
 */
public record EdgeSettings(
    IpRules ip,
    List<IpRange> trustedProxies,
    @Nullable Tls tls,
    int maxHeaderBytes,
    int maxJsonDepth,
    LockoutSettings lockout,
    Connections connections) {
  public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
  public static final int DEFAULT_MAX_JSON_DEPTH = 64;
  public static final EdgeSettings DEFAULT =
      new EdgeSettings(
          IpRules.ANY,
          List.of(),
          null,
          DEFAULT_MAX_HEADER_BYTES,
          DEFAULT_MAX_JSON_DEPTH,
          LockoutSettings.DEFAULT,
          Connections.DEFAULT);

  /**
   * Client connections of the API listener: at most {@code max} open at once (0: no limit; the ones
   * beyond wait to be accepted, in the kernel's backlog), and one with no traffic for {@code
   * idleTimeout} between requests is closed (checked every tenth of it, at most every two minutes),
   * and a request whose body is not whole within {@code bodyTimeout} is cut.
   */
  public record Connections(int max, Duration idleTimeout, Duration bodyTimeout) {
    public static final Connections DEFAULT =
        new Connections(0, Duration.ofMinutes(5), Duration.ofSeconds(60));
  }

  public EdgeSettings {
    trustedProxies = List.copyOf(trustedProxies);
  }

  /** Whether clients must, may or need not present a certificate. */
  public enum ClientAuth {
    NONE,
    OPTIONAL,
    REQUIRED
  }

  /** TLS termination: PEM certificate chain and private key, reloaded when they change. */
  public record Tls(
      Path cert, Path key, List<String> protocols, ClientAuth clientAuth, @Nullable Path clientCa) {
    public Tls {
      protocols = List.copyOf(protocols);
    }
  }
}
