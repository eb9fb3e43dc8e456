package dev.modelgate.upstream;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How one pooled client talks to its upstream. Equal settings share one pool across config reloads.
 *
 * @param maxConnections most connections open to one host at once; further requests queue
 * @param maxQueued most requests waiting for a connection before new ones fail fast
 * @param idleEviction how long an unused pooled connection stays open
 * @param connectTimeout limit for TCP connect and TLS handshake
 * @param http2 negotiate HTTP/2 by ALPN on TLS where the upstream offers it
 * @param proxy an HTTP(S) egress proxy, {@code http://host:port}
 * @param caBundle PEM certificates to trust in addition to the JDK's
 * @param trustAll skip certificate checks (tests and lab setups only)
 * @param clientCertificate PEM certificate chain to present when the upstream asks (mTLS)
 * @param clientKey the PEM PKCS#8 private key of {@code clientCertificate}
 * @param transport {@code auto} (Apache for HTTP/1.1, Jetty for HTTPS with HTTP/2), or {@code
 *     apache} or {@code jetty} for every request (for measuring one against the other)
 */
public record UpstreamSettings(
    int maxConnections,
    int maxQueued,
    Duration idleEviction,
    Duration connectTimeout,
    boolean http2,
    @Nullable URI proxy,
    @Nullable Path caBundle,
    boolean trustAll,
    @Nullable Path clientCertificate,
    @Nullable Path clientKey,
    String transport) {

  public UpstreamSettings {
    if (!java.util.Set.of("auto", "apache", "jetty").contains(transport)) {
      throw new IllegalArgumentException(
          "transport must be auto, apache or jetty, not '" + transport + "'");
    }
  }

  public static final UpstreamSettings DEFAULT =
      new UpstreamSettings(
          256,
          4096,
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          true,
          null,
          null,
          false,
          null,
          null,
          "auto");
}
