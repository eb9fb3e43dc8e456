package dev.modelgate.upstream;

import dev.modelgate.error.GatewayException;
import dev.modelgate.error.Internal;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty's client: negotiates HTTP/2 by ALPN on TLS. Used for HTTPS upstreams when HTTP/2 is on; its
 * selector and pool threads cost more per request than {@link ApacheTransport} (see the README).
 */
final class JettyTransport implements Transport {
  private final HttpClient http;

  JettyTransport(UpstreamSettings settings) {
    ClientConnector connector = new ClientConnector();
    connector.setSelectors(1);
    connector.setConnectTimeout(settings.connectTimeout());
    connector.setSslContextFactory(sslContextFactory(settings));
    HttpClientTransport transport =
        settings.http2()
            // HTTP/2 first so ALPN prefers it on TLS; clear-text requests are pinned to HTTP/1.1 in
            // send(), since prior-knowledge h2c would break ordinary HTTP/1.1 servers.
            ? new HttpClientTransportDynamic(
                connector,
                new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector)),
                HttpClientConnectionFactory.HTTP11)
            : new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11);
    http = new HttpClient(transport);
    QueuedThreadPool pool = new QueuedThreadPool(64, 2);
    pool.setName("modelgate-upstream");
    pool.setDaemon(true);
    http.setExecutor(pool);
    http.setMaxConnectionsPerDestination(settings.maxConnections());
    http.setMaxRequestsQueuedPerDestination(settings.maxQueued());
    http.setIdleTimeout(settings.idleEviction().toMillis());
    http.setConnectTimeout(settings.connectTimeout().toMillis());
    http.setFollowRedirects(false);
    http.setUserAgentField(null);
    http.getContentDecoderFactories().clear();
    if (settings.proxy() != null) {
      URI proxy = settings.proxy();
      boolean secure = "https".equalsIgnoreCase(proxy.getScheme());
      int port = proxy.getPort() > 0 ? proxy.getPort() : (secure ? 443 : 80);
      http.getProxyConfiguration()
          .addProxy(new HttpProxy(new Origin.Address(proxy.getHost(), port), secure));
    }
    try {
      http.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the upstream client", e);
    }
    // Statuses are the adapters' to interpret: no automatic redirects, auth challenges or
    // 100-continue. Jetty installs these handlers when it starts, so they are removed after.
    http.getProtocolHandlers().clear();
  }

  @Override
  public PoolStats poolStats() {
    PoolStats sum = PoolStats.EMPTY;
    for (org.eclipse.jetty.client.Destination destination : http.getDestinations()) {
      int pending =
          destination instanceof org.eclipse.jetty.client.transport.HttpDestination queued
              ? queued.getQueuedRequestCount()
              : 0;
      if (destination.getConnectionPool()
          instanceof org.eclipse.jetty.client.AbstractConnectionPool pool) {
        sum =
            sum.plus(
                new PoolStats(
                    pool.getActiveConnectionCount(),
                    pool.getIdleConnectionCount(),
                    pending,
                    pool.getMaxConnectionCount()));
      }
    }
    return sum;
  }

  /**
   * Sends the request and waits for the response headers. {@code target} names the upstream in
   * error messages (never a URL with credentials).
   */
  public UpstreamResponse send(UpstreamRequest upstreamRequest, Timeouts timeouts, String target) {
    Request request =
        http.newRequest(upstreamRequest.uri())
            .method(HttpMethod.fromString(upstreamRequest.method()))
            .timeout(timeouts.total().toMillis(), TimeUnit.MILLISECONDS)
            .idleTimeout(timeouts.total().toMillis(), TimeUnit.MILLISECONDS);
    if (!"https".equalsIgnoreCase(upstreamRequest.uri().getScheme())) {
      request.version(HttpVersion.HTTP_1_1);
    }
    request.headers(
        headers -> {
          for (UpstreamRequest.Header header : upstreamRequest.headers()) {
            headers.add(header.name(), header.value());
          }
          TraceHeaders.inject(headers::put);
        });
    if (upstreamRequest.body().length > 0) {
      request.body(new BytesRequestContent(upstreamRequest.contentType(), upstreamRequest.body()));
    }
    InputStreamResponseListener listener = new InputStreamResponseListener();
    UpstreamWatchdog.Watched watch =
        UpstreamWatchdog.INSTANCE.watch(
            request::abort, timeouts.firstByte().toNanos(), timeouts.idle().toNanos());
    request.send(listener);
    try {
      Response response = listener.get(timeouts.total().toMillis() + 1000, TimeUnit.MILLISECONDS);
      watch.activity();
      return new JettyResponse(request, response, listener.getInputStream(), watch, target);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort(request, watch, e);
      throw new Internal("interrupted while waiting for upstream " + target, e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      abort(request, watch, e);
      GatewayException mapped = UpstreamFailures.map(e, target, watch.expired(), false);
      throw mapped;
    }
  }

  private static void abort(Request request, UpstreamWatchdog.Watched watch, Throwable cause) {
    watch.release();
    request.abort(cause);
  }

  private static SslContextFactory.Client sslContextFactory(UpstreamSettings settings) {
    SslContextFactory.Client ssl = new SslContextFactory.Client(settings.trustAll());
    ssl.setSslContext(TlsTrust.context(settings));
    if (settings.trustAll()) {
      ssl.setEndpointIdentificationAlgorithm(null);
    }
    return ssl;
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      // Stopping closes sockets; a failure here leaves nothing the process can still release.
    }
  }
}
