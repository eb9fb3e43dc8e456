package dev.modelgate.upstream;

import dev.modelgate.error.GatewayException;
import dev.modelgate.error.TargetUnavailable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 classic: plain blocking socket I/O on the calling virtual thread, with no
 * hand-off to selector or pool threads. HTTP/1.1 only; the cheapest transport per request (README,
 * "Choosing the upstream client"). At most {@code maxConnections} exchanges run at once and {@code
 * maxQueued} more wait for a connection; beyond that a request fails at once.
 */
final class ApacheTransport implements Transport {
  // Parsed once each: the adapters send a handful of content types, and targets a handful of
  // first-byte timeouts, so both maps stay small.
  private static final Map<String, ContentType> CONTENT_TYPES = new ConcurrentHashMap<>();
  private static final Map<Duration, RequestConfig> REQUEST_CONFIGS = new ConcurrentHashMap<>();

  // Held so the levels stay set: HttpClient's header and wire logs at DEBUG print every request
  // header, the upstream's Authorization among them, so turning up logging must not reveal keys.
  private static final java.util.List<java.util.logging.Logger> SECRET_BEARING_LOGS =
      java.util.List.of(
          java.util.logging.Logger.getLogger("org.apache.hc.client5.http.headers"),
          java.util.logging.Logger.getLogger("org.apache.hc.client5.http.wire"));

  static {
    SECRET_BEARING_LOGS.forEach(logger -> logger.setLevel(java.util.logging.Level.INFO));
  }

  private final CloseableHttpClient http;
  private final Semaphore admission;
  private final PoolingHttpClientConnectionManager pool;

  ApacheTransport(UpstreamSettings settings) {
    Timeout connect = Timeout.of(settings.connectTimeout());
    DefaultClientTlsStrategy tls =
        settings.trustAll()
            ? new DefaultClientTlsStrategy(
                TlsTrust.context(settings),
                HostnameVerificationPolicy.CLIENT,
                NoopHostnameVerifier.INSTANCE)
            : new DefaultClientTlsStrategy(TlsTrust.context(settings));
    PoolingHttpClientConnectionManager pool =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnPerRoute(settings.maxConnections())
            .setMaxConnTotal(settings.maxConnections() * 4)
            .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
            .setConnPoolPolicy(PoolReusePolicy.LIFO)
            .setTlsSocketStrategy(tls)
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(connect)
                    .setSocketTimeout(Timeout.DISABLED)
                    .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                    .build())
            .build();
    var builder =
        HttpClients.custom()
            .setConnectionManager(pool)
            .evictIdleConnections(TimeValue.of(settings.idleEviction()))
            .evictExpiredConnections()
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .disableContentCompression()
            .disableCookieManagement()
            .disableAuthCaching()
            // One identity per upstream client, so pooled connections need no per-user state
            // (working it out looked at the exchange's auth and TLS session on every request).
            .disableConnectionState()
            .disableDefaultUserAgent();
    if (settings.proxy() != null) {
      URI proxy = settings.proxy();
      boolean secure = "https".equalsIgnoreCase(proxy.getScheme());
      int port = proxy.getPort() > 0 ? proxy.getPort() : (secure ? 443 : 80);
      builder.setProxy(new HttpHost(secure ? "https" : "http", proxy.getHost(), port));
    }
    this.http = builder.build();
    this.pool = pool;
    this.admission = new Semaphore(settings.maxConnections() + settings.maxQueued());
  }

  @Override
  public UpstreamResponse send(UpstreamRequest request, Timeouts timeouts, String target) {
    if (!admission.tryAcquire()) {
      throw new TargetUnavailable(
          "Upstream " + target + " has too many requests waiting for a connection", null, true);
    }
    HttpUriRequestBase exchange = new HttpUriRequestBase(request.method(), request.uri());
    for (UpstreamRequest.Header header : request.headers()) {
      exchange.addHeader(header.name(), header.value());
    }
    TraceHeaders.inject(exchange::setHeader);
    if (request.body().length > 0) {
      exchange.setEntity(
          new ByteArrayEntity(
              request.body(),
              CONTENT_TYPES.computeIfAbsent(request.contentType(), ContentType::parse)));
    }
    // No socket read timeout: the watchdog enforces first byte and idle gap by aborting the
    // exchange, which closes the socket under a blocked read. A timed read would park the virtual
    // thread with a timer (one scheduled and one cancelled per read), which cost about a fifth of
    // the relay's CPU. The connection's own timeout is off from its connect on; no response timeout
    // here, so the client does not set it again (a locked socket option call) on every request.
    exchange.setConfig(
        REQUEST_CONFIGS.computeIfAbsent(
            timeouts.firstByte(),
            firstByte ->
                RequestConfig.custom().setConnectionRequestTimeout(Timeout.of(firstByte)).build()));
    UpstreamWatchdog.Watched watch =
        UpstreamWatchdog.INSTANCE.watch(
            cause -> exchange.cancel(), timeouts.firstByte().toNanos(), timeouts.idle().toNanos());
    try {
      ClassicHttpResponse response = http.executeOpen(null, exchange, null);
      watch.activity();
      InputStream body =
          response.getEntity() == null
              ? InputStream.nullInputStream()
              : response.getEntity().getContent();
      return new ApacheResponse(exchange, response, body, watch, admission, target);
    } catch (IOException | RuntimeException e) {
      watch.release();
      exchange.cancel();
      admission.release();
      if (e instanceof GatewayException g) {
        throw g;
      }
      throw UpstreamFailures.map(e, target, watch.expired(), false);
    }
  }

  @Override
  public PoolStats poolStats() {
    org.apache.hc.core5.pool.PoolStats total = pool.getTotalStats();
    return new PoolStats(
        total.getLeased(), total.getAvailable(), total.getPending(), total.getMax());
  }

  @Override
  public void close() {
    try {
      http.close();
    } catch (IOException e) {
      // Closing sockets; nothing left to release.
    }
  }
}
