package dev.modelgate.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small, fast fake LLM upstream: plain blocking Java, one virtual thread per connection, HTTP/1.1 keep-alive.
 *
 * <p>Routes:
 * <ul>
 *   <li>{@code POST /v1/chat/completions} - a fixed 450 byte {@code chat.completion} JSON (Content-Length framing),
 *       or, when the request body contains {@code "stream":true}, a {@code text/event-stream} of N
 *       {@code chat.completion.chunk} events plus {@code data: [DONE]}, chunked transfer encoding, one HTTP chunk per
 *       event, with a fixed gap between events. N and the gap come from the query ({@code ?chunks=50&gap_ms=20}) or
 *       default to 50 and 20 ms. Each event carries {@code "x_sent_us"}: the wall clock in microseconds just before
 *       it was written, so the client can compute the delivery delay.</li>
 *   <li>{@code POST /v1/bulk?bytes=N&probe=ID} - N bytes of body (Content-Length framing) written in 16 KiB blocks;
 *       the number of bytes written so far is kept under ID (used by the slow-reader / back-pressure probe).</li>
 *   <li>{@code GET /probe?id=ID} - how many bytes the bulk response ID has written so far (text).</li>
 *   <li>{@code GET /cpu} - this process's CPU time in nanoseconds, the number of socket read calls and the number of
 *       chat requests served so far (text, space separated), so the driver can report our share.</li>
 * </ul>
 * The request parser is deliberately minimal (request line, headers, Content-Length or chunked request bodies).
 */
public final class FakeUpstream {

    static final byte[] CHAT_JSON = ("{\"id\":\"chatcmpl-bench000000000000000000000001\",\"object\":\"chat.completion\","
            + "\"created\":1732500000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
            + "{\"role\":\"assistant\",\"content\":\"Hello! This is a fixed reply from the ModelGate fake upstream, "
            + "used to benchmark HTTP clients.\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":21,\"total_tokens\":40},"
            + "\"system_fingerprint\":\"fp_bench0001\"}").getBytes(StandardCharsets.US_ASCII);

    private static final byte[] CHAT_RESPONSE = concat(("HTTP/1.1 200 OK\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: " + CHAT_JSON.length + "\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII), CHAT_JSON);

    private static final byte[] SSE_HEADERS = ("HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/event-stream\r\n"
            + "Cache-Control: no-cache\r\n"
            + "Transfer-Encoding: chunked\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private static final byte[] STREAM_MARKER = "\"stream\":true".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, AtomicLong> probes = new ConcurrentHashMap<>();
    /** Socket read calls and requests served, to see how many TCP reads a client's request takes. */
    private final LongAdder socketReads = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final int defaultChunks;
    private final int defaultGapMs;

    FakeUpstream(int defaultChunks, int defaultGapMs) {
        this.defaultChunks = defaultChunks;
        this.defaultGapMs = defaultGapMs;
    }

    /** Args: [port (0 = any)] [portFile]. Prints "LISTENING port" when ready. */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        FakeUpstream upstream = new FakeUpstream(50, 20);
        try (ServerSocket server = new ServerSocket(port, 4096, InetAddress.getLoopbackAddress())) {
            server.setReuseAddress(true);
            int bound = server.getLocalPort();
            if (args.length > 1) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(args[1]), Integer.toString(bound));
            }
            System.out.println("LISTENING " + bound);
            System.out.flush();
            while (true) {
                Socket socket = server.accept();
                Thread.ofVirtual().name("conn").start(() -> upstream.serve(socket));
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream raw = socket.getInputStream();
            InputStream counting = new java.io.FilterInputStream(raw) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    socketReads.increment();
                    return raw.read(b, off, len);
                }
            };
            InputStream in = new BufferedInputStream(counting, 16 * 1024);
            OutputStream out = socket.getOutputStream();
            Request req = new Request();
            while (req.read(in)) {
                boolean keepAlive = handle(req, out);
                if (!keepAlive || req.close) {
                    return;
                }
            }
        } catch (SocketException e) {
            // peer reset / closed: normal for aborted streams
        } catch (IOException | InterruptedException e) {
            // ignore: the benchmark reports client-side errors
        }
    }

    private boolean handle(Request req, OutputStream out) throws IOException, InterruptedException {
        String path = req.path;
        String query = "";
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        switch (path) {
            case "/v1/chat/completions" -> {
                requests.increment();
                if (indexOf(req.body, req.bodyLength, STREAM_MARKER) >= 0) {
                    stream(out, param(query, "chunks", defaultChunks), param(query, "gap_ms", defaultGapMs));
                } else {
                    out.write(CHAT_RESPONSE);
                }
                return true;
            }
            case "/v1/bulk" -> {
                bulk(out, paramLong(query, "bytes", 1 << 20), paramString(query, "probe"));
                return true;
            }
            case "/probe" -> {
                AtomicLong n = probes.get(paramString(query, "id"));
                text(out, n == null ? "-1" : Long.toString(n.get()));
                return true;
            }
            case "/cpu" -> {
                text(out, processCpuNanos() + " " + socketReads.sum() + " " + requests.sum());
                return true;
            }
            default -> {
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return true;
            }
        }
    }

    private static void text(OutputStream out, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        out.write(concat(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + b.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), b));
    }

    private void stream(OutputStream out, int chunks, int gapMs) throws IOException, InterruptedException {
        for (int i = 0; i < chunks; i++) {
            String delta = i == 0 ? "{\"role\":\"assistant\",\"content\":\"\"}" : "{\"content\":\"tok" + i + " \"}";
            String finish = i == chunks - 1 ? "\"stop\"" : "null";
            String event = "data: {\"id\":\"chatcmpl-bench000000000000000000000001\",\"object\":\"chat.completion.chunk\","
                    + "\"created\":1732500000,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_bench0001\","
                    + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finish
                    + "}],\"x_sent_us\":" + nowMicros() + "}\n\n";
            byte[] chunk = httpChunk(event);
            out.write(i == 0 ? concat(SSE_HEADERS, chunk) : chunk);
            out.flush();
            if (gapMs > 0 && i < chunks - 1) {
                Thread.sleep(gapMs);
            }
        }
        out.write(concat(httpChunk("data: [DONE]\n\n"), "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        out.flush();
    }

    private void bulk(OutputStream out, long bytes, String probe) throws IOException {
        AtomicLong written = new AtomicLong();
        if (probe != null) {
            probes.put(probe, written);
        }
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + bytes + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        byte[] block = new byte[16 * 1024];
        java.util.Arrays.fill(block, (byte) 'x');
        long left = bytes;
        while (left > 0) {
            int n = (int) Math.min(block.length, left);
            out.write(block, 0, n);
            left -= n;
            written.addAndGet(n);
        }
        out.flush();
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static byte[] httpChunk(String data) {
        byte[] d = data.getBytes(StandardCharsets.UTF_8);
        return concat(concat((Integer.toHexString(d.length) + "\r\n").getBytes(StandardCharsets.US_ASCII), d),
                "\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] r = new byte[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static int indexOf(byte[] hay, int len, byte[] needle) {
        outer:
        for (int i = 0; i <= len - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String paramString(String query, String name) {
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return kv.substring(eq + 1);
            }
        }
        return null;
    }

    private static int param(String query, String name, int dflt) {
        String v = paramString(query, name);
        return v == null ? dflt : Integer.parseInt(v);
    }

    private static long paramLong(String query, String name, long dflt) {
        String v = paramString(query, name);
        return v == null ? dflt : Long.parseLong(v);
    }

    /** A reusable, minimal HTTP/1.1 request reader. */
    static final class Request {
        String method;
        String path;
        boolean close;
        byte[] body = new byte[4096];
        int bodyLength;
        private final byte[] line = new byte[8192];

        /** Reads one request; false on a clean end of stream before a request line. */
        boolean read(InputStream in) throws IOException {
            int n = readLine(in);
            if (n < 0) {
                return false;
            }
            String requestLine = new String(line, 0, n, StandardCharsets.US_ASCII);
            int sp1 = requestLine.indexOf(' ');
            int sp2 = requestLine.indexOf(' ', sp1 + 1);
            if (sp1 < 0 || sp2 < 0) {
                throw new IOException("bad request line: " + requestLine);
            }
            method = requestLine.substring(0, sp1);
            path = requestLine.substring(sp1 + 1, sp2);
            close = requestLine.endsWith("HTTP/1.0");
            long contentLength = 0;
            boolean chunked = false;
            while ((n = readLine(in)) > 0) {
                if (startsWithIgnoreCase(n, "content-length:")) {
                    contentLength = Long.parseLong(value(n, 15));
                } else if (startsWithIgnoreCase(n, "transfer-encoding:")) {
                    chunked = value(n, 18).toLowerCase().contains("chunked");
                } else if (startsWithIgnoreCase(n, "connection:")) {
                    String v = value(n, 11).toLowerCase();
                    close = v.contains("close") ? true : (v.contains("keep-alive") ? false : close);
                }
            }
            if (n < 0) {
                throw new IOException("eof in headers");
            }
            bodyLength = 0;
            if (chunked) {
                while (true) {
                    int l = readLine(in);
                    if (l < 0) {
                        throw new IOException("eof in chunk size");
                    }
                    String size = new String(line, 0, l, StandardCharsets.US_ASCII);
                    int semi = size.indexOf(';');
                    int chunk = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                    if (chunk == 0) {
                        while (readLine(in) > 0) {
                            // trailers
                        }
                        break;
                    }
                    readBody(in, chunk);
                    readLine(in);
                }
            } else if (contentLength > 0) {
                readBody(in, Math.toIntExact(contentLength));
            }
            return true;
        }

        private void readBody(InputStream in, int len) throws IOException {
            if (bodyLength + len > body.length) {
                body = java.util.Arrays.copyOf(body, Math.max(body.length * 2, bodyLength + len));
            }
            int read = in.readNBytes(body, bodyLength, len);
            if (read < len) {
                throw new IOException("eof in body");
            }
            bodyLength += len;
        }

        private boolean startsWithIgnoreCase(int n, String prefix) {
            if (n < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (Character.toLowerCase(line[i]) != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        private String value(int n, int from) {
            return new String(line, from, n - from, StandardCharsets.US_ASCII).trim();
        }

        /** Reads a CRLF (or LF) terminated line into {@link #line}; returns its length, or -1 at end of stream. */
        private int readLine(InputStream in) throws IOException {
            int n = 0;
            while (true) {
                int b = in.read();
                if (b < 0) {
                    return n == 0 ? -1 : n;
                }
                if (b == '\n') {
                    if (n > 0 && line[n - 1] == '\r') {
                        n--;
                    }
                    return n;
                }
                if (n == line.length) {
                    throw new IOException("line too long");
                }
                line[n++] = (byte) b;
            }
        }
    }
}
