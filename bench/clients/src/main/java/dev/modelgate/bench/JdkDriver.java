package dev.modelgate.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * JDK java.net.http.HttpClient. It has no per-host connection limit: it opens a connection whenever no idle one is
 * free (a closed-loop load of N callers therefore uses at most N). The idle pool size and keep-alive timeout are
 * JVM-wide system properties read once per JVM (see {@link #configurePool}).
 */
final class JdkDriver implements ClientDriver {
    private final HttpClient client;
    private final ExecutorService executor;
    private final boolean virtualExecutor;

    /**
     * Sets the JVM-wide idle pool size. The JDK reads it once, when the first client is built, so a JVM that runs
     * several concurrency levels must call this with the largest level first (Bench does).
     */
    static void configurePool(int maxConnections) {
        if (System.getProperty("jdk.httpclient.connectionPoolSize") == null) {
            System.setProperty("jdk.httpclient.connectionPoolSize", Integer.toString(maxConnections));
        }
        if (System.getProperty("jdk.httpclient.keepalive.timeout") == null) {
            System.setProperty("jdk.httpclient.keepalive.timeout", "30");
        }
    }

    JdkDriver(int maxConnections, boolean virtualExecutor) {
        configurePool(maxConnections);
        this.virtualExecutor = virtualExecutor;
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // cleartext: no h2c Upgrade attempt on every new connection
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5));
        if (virtualExecutor) {
            executor = Executors.newVirtualThreadPerTaskExecutor();
            b.executor(executor);
        } else {
            executor = null; // default: the client's own cached pool of platform threads
        }
        client = b.build();
    }

    private HttpRequest request(URI uri, byte[] body) {
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header("Authorization", AUTHORIZATION)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    @Override
    public int post(URI uri, byte[] body) throws Exception {
        HttpResponse<byte[]> r = client.send(request(uri, body), HttpResponse.BodyHandlers.ofByteArray());
        ClientDriver.checkStatus(r.statusCode());
        return r.body().length;
    }

    @Override
    public InputStream postStream(URI uri, byte[] body) throws Exception {
        HttpResponse<InputStream> r = client.send(request(uri, body), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            r.body().close();
            ClientDriver.checkStatus(r.statusCode());
        }
        return r.body();
    }

    @Override
    public String describe() {
        return "JDK HttpClient " + Runtime.version() + (virtualExecutor ? " (virtual-thread executor)" : "");
    }

    @Override
    public void close() {
        client.shutdownNow();
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
