package dev.modelgate.bench;

import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * Jetty 12 HttpClient with the dynamic transport (HTTP/1.1 first, HTTP/2 via ALPN on TLS or when a request asks for
 * it). Blocking {@code send()} for whole bodies, {@link InputStreamResponseListener} for streams. Its I/O runs on its
 * own executor: by default a QueuedThreadPool of platform threads, or (variant jetty-vt) a VirtualThreadPool.
 */
final class JettyDriver implements ClientDriver {
    private final HttpClient client;
    private final boolean virtualThreads;

    JettyDriver(int maxConnections, boolean virtualThreads) throws Exception {
        this.virtualThreads = virtualThreads;
        ClientConnector connector = new ClientConnector();
        HTTP2Client http2 = new HTTP2Client(connector);
        HttpClientTransportDynamic transport = new HttpClientTransportDynamic(connector,
                HttpClientConnectionFactory.HTTP11, new ClientConnectionFactoryOverHTTP2.HTTP2(http2));
        client = new HttpClient(transport);
        client.setMaxConnectionsPerDestination(maxConnections);
        client.setMaxRequestsQueuedPerDestination(Math.max(1024, 4 * maxConnections));
        client.setIdleTimeout(30_000);
        client.setConnectTimeout(5_000);
        client.setFollowRedirects(false);
        if (virtualThreads) {
            // Every task Jetty runs (selector loop, content delivery) on a virtual thread instead of the default
            // QueuedThreadPool of platform threads.
            VirtualThreadPool pool = new VirtualThreadPool();
            pool.setName("jetty-client-vt");
            client.setExecutor(pool);
        }
        client.start();
    }

    private Request request(URI uri, byte[] body) {
        return client.newRequest(uri)
                .method(HttpMethod.POST)
                .headers(h -> h.put(HttpHeader.AUTHORIZATION, AUTHORIZATION))
                .body(new BytesRequestContent("application/json", body))
                .timeout(30, TimeUnit.SECONDS);
    }

    @Override
    public int post(URI uri, byte[] body) throws Exception {
        ContentResponse r = request(uri, body).send();
        ClientDriver.checkStatus(r.getStatus());
        return r.getContent().length;
    }

    @Override
    public InputStream postStream(URI uri, byte[] body) throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request(uri, body).send(listener);
        Response r = listener.get(30, TimeUnit.SECONDS);
        InputStream in = listener.getInputStream();
        if (r.getStatus() != 200) {
            in.close();
            ClientDriver.checkStatus(r.getStatus());
        }
        return in;
    }

    @Override
    public String describe() {
        return "Jetty HttpClient " + org.eclipse.jetty.util.Jetty.VERSION
                + (virtualThreads ? " (VirtualThreadPool executor)" : "");
    }

    @Override
    public void close() throws Exception {
        client.stop();
    }
}
