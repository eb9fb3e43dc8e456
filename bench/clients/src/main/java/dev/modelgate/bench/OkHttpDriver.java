package dev.modelgate.bench;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * OkHttp 5 with synchronous {@code execute()} (I/O on the calling thread for HTTP/1.1). Its ConnectionPool bounds
 * idle connections only; synchronous calls are not limited per host (the Dispatcher limit applies to async calls).
 */
final class OkHttpDriver implements ClientDriver {
    private static final MediaType JSON = MediaType.get("application/json");
    private final OkHttpClient client;

    OkHttpDriver(int maxConnections) {
        client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(maxConnections, 30, TimeUnit.SECONDS))
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .followRedirects(false)
                .build();
        client.dispatcher().setMaxRequestsPerHost(maxConnections);
    }

    private static Request request(URI uri, byte[] body) {
        return new Request.Builder()
                .url(uri.toString())
                .header("Authorization", AUTHORIZATION)
                .post(RequestBody.create(body, JSON))
                .build();
    }

    @Override
    public int post(URI uri, byte[] body) throws Exception {
        try (Response r = client.newCall(request(uri, body)).execute()) {
            ClientDriver.checkStatus(r.code());
            return r.body().bytes().length;
        }
    }

    @Override
    public InputStream postStream(URI uri, byte[] body) throws Exception {
        Response r = client.newCall(request(uri, body)).execute();
        if (r.code() != 200) {
            r.close();
            ClientDriver.checkStatus(r.code());
        }
        return new FilterInputStream(r.body().byteStream()) {
            @Override
            public void close() {
                r.close();
            }
        };
    }

    @Override
    public String describe() {
        return "OkHttp " + okhttp3.OkHttp.VERSION;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
