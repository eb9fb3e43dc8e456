package dev.modelgate.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake upstream on a loopback port, written on raw sockets so it can misbehave exactly: delay the
 * first byte, pause between events, cut a stream, reset the connection, send any status and
 * headers. It records every request it received and notices when the gateway closes a connection
 * mid-response (a cancelled upstream request).
 */
public final class FakeUpstream implements AutoCloseable {
  private final ServerSocket server;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final java.util.Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger cancelled = new AtomicInteger();
  private final AtomicInteger openConnections = new AtomicInteger();
  private final AtomicInteger maxOpenConnections = new AtomicInteger();
  private final AtomicInteger acceptedConnections = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong partsWritten =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile CountDownLatch cancelLatch = new CountDownLatch(1);
  private volatile Function<RecordedRequest, FakeResponse> handler =
      r -> FakeResponse.json(200, "{}");
  private volatile boolean running = true;

  /** One request as the fake saw it. */
  public record RecordedRequest(
      String method, String path, Map<String, String> headers, byte[] body) {
    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private FakeUpstream() throws IOException {
    server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("fake-upstream-accept").start(this::acceptLoop);
  }

  public static FakeUpstream start() {
    try {
      return new FakeUpstream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The base URL an OpenAI-compatible upstream would have: {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public FakeUpstream respond(Function<RecordedRequest, FakeResponse> handler) {
    this.handler = handler;
    return this;
  }

  public FakeUpstream respond(FakeResponse response) {
    return respond(r -> response);
  }

  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public RecordedRequest lastRequest() {
    if (requests.isEmpty()) {
      throw new AssertionError("the fake upstream received no request");
    }
    return requests.getLast();
  }

  /** Connections open right now. */
  public int openConnections() {
    return openConnections.get();
  }

  /** The most connections that were open at once since the last {@link #reset()}. */
  public int maxOpenConnections() {
    return maxOpenConnections.get();
  }

  /** Connections accepted since the last {@link #reset()}. */
  public int acceptedConnections() {
    return acceptedConnections.get();
  }

  /** Stream parts fully written to the socket since the last {@link #reset()}. */
  public long partsWritten() {
    return partsWritten.get();
  }

  public void reset() {
    maxOpenConnections.set(openConnections.get());
    acceptedConnections.set(0);
    partsWritten.set(0);
    requests.clear();
    cancelled.set(0);
    cancelLatch = new CountDownLatch(1);
  }

  /** How many responses the gateway abandoned by closing the connection before their end. */
  public int cancelledCount() {
    return cancelled.get();
  }

  /** Waits until the gateway closed a connection in the middle of a response. */
  public boolean awaitCancel(Duration timeout) throws InterruptedException {
    return cancelLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void acceptLoop() {
    while (running) {
      try {
        Socket socket = server.accept();
        socket.setTcpNoDelay(true);
        open.add(socket);
        acceptedConnections.incrementAndGet();
        maxOpenConnections.accumulateAndGet(openConnections.incrementAndGet(), Math::max);
        Thread.ofVirtual().name("fake-upstream-conn").start(() -> serve(socket));
      } catch (IOException e) {
        if (running) {
          continue;
        }
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      while (running) {
        RecordedRequest request = HttpWire.readRequest(in);
        if (request == null) {
          return;
        }
        requests.add(request);
        FakeResponse response = handler.apply(request);
        if (!write(socket, in, out, response)) {
          return;
        }
      }
    } catch (IOException e) {
      // The gateway closed the connection; nothing to answer.
    } finally {
      open.remove(socket);
      openConnections.decrementAndGet();
    }
  }

  /** Writes one response; false when the connection must not be reused. */
  private boolean write(Socket socket, InputStream in, OutputStream out, FakeResponse response)
      throws IOException {
    if (!pause(socket, in, response.firstByteDelay())) {
      markCancelled();
      return false;
    }
    out.write(HttpWire.head(response).getBytes(StandardCharsets.ISO_8859_1));
    if (!response.chunked()) {
      out.write(response.parts().isEmpty() ? new byte[0] : response.parts().getFirst());
      out.flush();
      return true;
    }
    out.flush();
    int index = 0;
    for (byte[] part : response.parts()) {
      if (index == response.resetAfter()) {
        socket.setSoLinger(true, 0);
        socket.close();
        return false;
      }
      if (index == response.cutAfter()) {
        out.flush();
        socket.shutdownOutput();
        return false;
      }
      if (index > 0 && !pause(socket, in, response.gap())) {
        markCancelled();
        return false;
      }
      try {
        out.write(HttpWire.chunk(part));
        out.flush();
        partsWritten.incrementAndGet();
      } catch (IOException e) {
        markCancelled();
        return false;
      }
      index++;
    }
    if (response.cutAfter() >= 0 || response.resetAfter() >= 0) {
      socket.setSoLinger(true, 0);
      socket.close();
      return false;
    }
    out.write(HttpWire.LAST_CHUNK);
    out.flush();
    return true;
  }

  /** Sleeps, watching the socket; false when the peer closed it meanwhile. */
  private static boolean pause(Socket socket, InputStream in, Duration duration)
      throws IOException {
    long end = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < end) {
      long leftMillis = Math.max(1, (end - System.nanoTime()) / 1_000_000);
      socket.setSoTimeout((int) Math.min(leftMillis, 20));
      try {
        if (in.read() < 0) {
          return false;
        }
      } catch (SocketTimeoutException stillOpen) {
        // The peer is still there.
      } catch (IOException reset) {
        return false;
      } finally {
        socket.setSoTimeout(0);
      }
    }
    return true;
  }

  private void markCancelled() {
    cancelled.incrementAndGet();
    cancelLatch.countDown();
  }

  @Override
  public void close() {
    running = false;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
    for (Socket socket : open) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing
      }
    }
  }

  /** Minimal HTTP/1.1 framing for the fake. */
  static final class HttpWire {
    static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    private HttpWire() {}

    static RecordedRequest readRequest(InputStream in) throws IOException {
      String requestLine = line(in);
      if (requestLine == null || requestLine.isEmpty()) {
        return null;
      }
      String[] parts = requestLine.split(" ");
      Map<String, String> headers = new java.util.LinkedHashMap<>();
      String header;
      while ((header = line(in)) != null && !header.isEmpty()) {
        int colon = header.indexOf(':');
        headers.put(
            header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            header.substring(colon + 1).trim());
      }
      byte[] body;
      if (headers.containsKey("content-length")) {
        body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int size;
        while ((size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) > 0) {
          out.write(in.readNBytes(size));
          line(in);
        }
        line(in);
        body = out.toByteArray();
      } else {
        body = new byte[0];
      }
      return new RecordedRequest(parts[0], parts.length > 1 ? parts[1] : "/", headers, body);
    }

    static String head(FakeResponse response) {
      StringBuilder head =
          new StringBuilder("HTTP/1.1 ").append(response.status()).append(" X\r\n");
      response.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (response.chunked()) {
        head.append("Transfer-Encoding: chunked\r\n");
      } else {
        int length = response.parts().isEmpty() ? 0 : response.parts().getFirst().length;
        head.append("Content-Length: ").append(length).append("\r\n");
      }
      return head.append("\r\n").toString();
    }

    static byte[] chunk(byte[] part) {
      byte[] size =
          (Integer.toHexString(part.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
      byte[] out = new byte[size.length + part.length + 2];
      System.arraycopy(size, 0, out, 0, size.length);
      System.arraycopy(part, 0, out, size.length, part.length);
      out[out.length - 2] = '\r';
      out[out.length - 1] = '\n';
      return out;
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream(128);
      int b;
      while ((b = in.read()) >= 0) {
        if (b == '\n') {
          byte[] bytes = out.toByteArray();
          int len =
              bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
        }
        out.write(b);
      }
      return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }
  }
}
