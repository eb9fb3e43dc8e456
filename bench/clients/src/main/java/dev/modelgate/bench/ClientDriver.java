package dev.modelgate.bench;

import java.io.InputStream;
import java.net.URI;

/**
 * One candidate upstream HTTP client, used with blocking calls from virtual threads.
 * Every driver sends the same request: POST, JSON body with Content-Length, an Authorization header.
 */
public interface ClientDriver extends AutoCloseable {

    String AUTHORIZATION = "Bearer sk-bench-0000000000000000000000000000000000000000";

    /** Sends {@code body} and reads the whole response body with the client's idiomatic "read it all" API. */
    int post(URI uri, byte[] body) throws Exception;

    /**
     * Sends {@code body} and returns the response body as a stream as soon as the headers are in. The caller reads
     * it and closes it; closing after end of stream returns the connection to the pool, closing early aborts.
     */
    InputStream postStream(URI uri, byte[] body) throws Exception;

    /** Human-readable client name and version. */
    String describe();

    static ClientDriver create(String name, int maxConnections) throws Exception {
        return switch (name) {
            case "jdk" -> new JdkDriver(maxConnections, false);
            case "jdk-vt" -> new JdkDriver(maxConnections, true);
            case "jetty" -> new JettyDriver(maxConnections, false);
            case "jetty-vt" -> new JettyDriver(maxConnections, true);
            case "apache" -> new ApacheDriver(maxConnections);
            case "okhttp" -> new OkHttpDriver(maxConnections);
            case "raw" -> new RawDriver(maxConnections);
            default -> throw new IllegalArgumentException("unknown client " + name
                    + " (jdk, jdk-vt, jetty, jetty-vt, apache, okhttp, raw)");
        };
    }

    static void checkStatus(int status) throws java.io.IOException {
        if (status != 200) {
            throw new java.io.IOException("HTTP status " + status);
        }
    }
}
