package dev.modelgate.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Apache HttpClient 5 classic (blocking I/O on the calling thread) with a PoolingHttpClientConnectionManager.
 */
final class ApacheDriver implements ClientDriver {
    private final CloseableHttpClient client;

    ApacheDriver(int maxConnections) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(maxConnections)
                .setMaxConnPerRoute(maxConnections)
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5))
                        .setSocketTimeout(Timeout.ofSeconds(30))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        client = HttpClients.custom()
                .setConnectionManager(pool)
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .disableRedirectHandling()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofSeconds(5))
                        .setResponseTimeout(Timeout.ofSeconds(30))
                        .build())
                .build();
    }

    private static HttpPost request(URI uri, byte[] body) {
        HttpPost post = new HttpPost(uri);
        post.setHeader("Authorization", AUTHORIZATION);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        return post;
    }

    @Override
    public int post(URI uri, byte[] body) throws Exception {
        return client.execute(request(uri, body), response -> {
            ClientDriver.checkStatus(response.getCode());
            return EntityUtils.toByteArray(response.getEntity()).length;
        });
    }

    @Override
    public InputStream postStream(URI uri, byte[] body) throws Exception {
        ClassicHttpResponse response = client.executeOpen(null, request(uri, body), null);
        if (response.getCode() != 200) {
            response.close();
            ClientDriver.checkStatus(response.getCode());
        }
        // At end of stream the connection is released to the pool by the entity itself; closing the response before
        // that discards (closes) the connection instead of draining it.
        return new FilterInputStream(response.getEntity().getContent()) {
            @Override
            public void close() throws IOException {
                response.close();
            }
        };
    }

    @Override
    public String describe() {
        String v = org.apache.hc.core5.util.VersionInfo.getSoftwareInfo("Apache-HttpClient",
                "org.apache.hc.client5", ApacheDriver.class);
        return "Apache HttpClient 5 classic (" + v + ")";
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
