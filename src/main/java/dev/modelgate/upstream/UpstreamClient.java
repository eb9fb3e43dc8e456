package dev.modelgate.upstream;

/**
 * The pooled client of one upstream. HTTPS requests go through Jetty's client when HTTP/2 is on
 * (ALPN negotiates it where the upstream offers it); everything else goes through Apache
 * HttpClient's blocking transport, which costs the least per request on virtual threads (README,
 * "Choosing the upstream client"). Both honour the same pool, proxy, TLS and timeout settings.
 */
public final class UpstreamClient implements AutoCloseable {
  private final UpstreamSettings settings;
  private final ApacheTransport http1;
  private volatile @org.jspecify.annotations.Nullable JettyTransport http2;

  public UpstreamClient(UpstreamSettings settings) {
    this.settings = settings;
    this.http1 = new ApacheTransport(settings);
  }

  public UpstreamSettings settings() {
    return settings;
  }

  /**
   * Sends the request and waits for the response headers. {@code target} names the upstream in
   * error messages (never a URL with credentials).
   */
  public UpstreamResponse send(UpstreamRequest request, Timeouts timeouts, String target) {
    return transportFor(request).send(request, timeouts, target);
  }

  private Transport transportFor(UpstreamRequest request) {
    boolean jetty =
        switch (settings.transport()) {
          case "jetty" -> true;
          case "apache" -> false;
          default -> settings.http2() && "https".equalsIgnoreCase(request.uri().getScheme());
        };
    if (!jetty) {
      return http1;
    }
    JettyTransport transport = http2;
    if (transport == null) {
      synchronized (this) {
        transport = http2;
        if (transport == null) {
          transport = new JettyTransport(settings);
          http2 = transport;
        }
      }
    }
    return transport;
  }

  /** Connections of both transports' pools now. */
  public PoolStats poolStats() {
    JettyTransport transport = http2;
    PoolStats apache = http1.poolStats();
    return transport == null ? apache : apache.plus(transport.poolStats());
  }

  @Override
  public void close() {
    http1.close();
    JettyTransport transport = http2;
    if (transport != null) {
      transport.close();
    }
  }
}
