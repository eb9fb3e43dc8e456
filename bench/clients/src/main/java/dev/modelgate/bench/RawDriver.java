package dev.modelgate.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * Baseline, not a candidate: the least a blocking HTTP/1.1 client can do on this machine. A deque of keep-alive
 * sockets bounded by a semaphore, one write per request, a minimal response parser (Content-Length or chunked).
 * No redirects, retries, timeouts, TLS, proxies or header validation. Its CPU per request is the floor set by the
 * kernel and the JVM's socket I/O on virtual threads, so the other rows can be read as "baseline + client overhead".
 */
final class RawDriver implements ClientDriver {
    private final ConcurrentLinkedDeque<Conn> idle = new ConcurrentLinkedDeque<>();
    private final Semaphore permits;

    RawDriver(int maxConnections) {
        permits = new Semaphore(maxConnections);
    }

    private static final class Conn {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final byte[] line = new byte[8192];

        Conn(URI uri) throws IOException {
            socket = new Socket(uri.getHost(), uri.getPort());
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(30_000);
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            out = socket.getOutputStream();
        }

        int readLine() throws IOException {
            int n = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b == '\n') {
                    return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
                }
                if (n == line.length) {
                    throw new IOException("line too long");
                }
                line[n++] = (byte) b;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private Conn acquire(URI uri) throws IOException, InterruptedException {
        permits.acquire();
        Conn c = idle.pollFirst();
        if (c != null) {
            return c;
        }
        try {
            return new Conn(uri);
        } catch (IOException e) {
            permits.release();
            throw e;
        }
    }

    private void release(Conn c, boolean reusable) {
        if (reusable) {
            idle.offerFirst(c);
        } else {
            c.close();
        }
        permits.release();
    }

    /** Sends the request, reads the status line and headers; returns Content-Length, or -1 for chunked. */
    private static long exchange(Conn c, URI uri, byte[] body) throws IOException {
        String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nContent-Type: application/json\r\nAuthorization: " + AUTHORIZATION
                + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        c.out.write(FakeUpstream.concat(head, body));
        int n = c.readLine();
        String status = new String(c.line, 0, n, StandardCharsets.US_ASCII);
        ClientDriver.checkStatus(status.length() >= 12 ? Integer.parseInt(status.substring(9, 12)) : -1);
        long length = 0;
        boolean chunked = false;
        while ((n = c.readLine()) > 0) {
            String h = new String(c.line, 0, n, StandardCharsets.US_ASCII);
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Long.parseLong(h.substring(colon + 1).trim());
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = h.toLowerCase().contains("chunked");
            }
        }
        return chunked ? -1 : length;
    }

    @Override
    public int post(URI uri, byte[] body) throws Exception {
        Conn c = acquire(uri);
        boolean ok = false;
        try {
            long length = exchange(c, uri, body);
            if (length < 0) {
                throw new IOException("chunked response not expected here");
            }
            byte[] content = c.in.readNBytes((int) length);
            if (content.length != length) {
                throw new IOException("short body");
            }
            ok = true;
            return content.length;
        } finally {
            release(c, ok);
        }
    }

    @Override
    public InputStream postStream(URI uri, byte[] body) throws Exception {
        Conn c = acquire(uri);
        long length;
        try {
            length = exchange(c, uri, body);
        } catch (Exception e) {
            release(c, false);
            throw e;
        }
        return length < 0 ? new Chunked(c) : new Fixed(c, length);
    }

    /** Body framed by Content-Length. */
    private final class Fixed extends InputStream {
        private final Conn c;
        private long left;
        private boolean closed;

        Fixed(Conn c, long length) {
            this.c = c;
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = c.in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("connection closed in body");
            }
            left -= n;
            return n;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(c, left == 0);
            }
        }
    }

    /** Body in chunked transfer coding; read() returns at most what the current chunk holds. */
    private final class Chunked extends InputStream {
        private final Conn c;
        private int chunkLeft;
        private boolean eof;
        private boolean closed;

        Chunked(Conn c) {
            this.c = c;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (eof) {
                return -1;
            }
            if (chunkLeft == 0) {
                int n = c.readLine();
                String size = new String(c.line, 0, n, StandardCharsets.US_ASCII);
                int semi = size.indexOf(';');
                chunkLeft = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (chunkLeft == 0) {
                    while (c.readLine() > 0) {
                        // trailers
                    }
                    eof = true;
                    return -1;
                }
            }
            int n = c.in.read(b, off, Math.min(len, chunkLeft));
            if (n < 0) {
                throw new IOException("connection closed in chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                c.readLine(); // CRLF after the chunk data
            }
            return n;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(c, eof);
            }
        }
    }

    @Override
    public String describe() {
        return "raw socket baseline (not a candidate)";
    }

    @Override
    public void close() {
        Conn c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }
}
