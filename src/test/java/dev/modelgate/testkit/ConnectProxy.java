package dev.modelgate.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP egress proxy on loopback: tunnels {@code CONNECT host:port} (HTTPS upstreams) and
 * forwards absolute-form requests (plain HTTP upstreams). Records the first line of every proxied
 * request.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final List<String> requestLines = new CopyOnWriteArrayList<>();

  public ConnectProxy() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(this::accept);
  }

  public int port() {
    return server.getLocalPort();
  }

  public List<String> requestLines() {
    return List.copyOf(requestLines);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread.ofVirtual().start(() -> handle(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void handle(Socket client) {
    try (client) {
      InputStream in = client.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        byte[] h = head.toByteArray();
        int n = h.length;
        if (n >= 4
            && h[n - 4] == '\r'
            && h[n - 3] == '\n'
            && h[n - 2] == '\r'
            && h[n - 1] == '\n') {
          break;
        }
      }
      String text = head.toString(StandardCharsets.ISO_8859_1);
      String first = text.substring(0, text.indexOf("\r\n"));
      requestLines.add(first);
      String[] parts = first.split(" ");
      String hostPort;
      boolean connect = parts[0].equals("CONNECT");
      if (connect) {
        hostPort = parts[1];
      } else {
        java.net.URI uri = java.net.URI.create(parts[1]);
        hostPort = uri.getHost() + ":" + uri.getPort();
      }
      String[] hp = hostPort.split(":");
      try (Socket target = new Socket(hp[0], Integer.parseInt(hp[1]))) {
        OutputStream toClient = client.getOutputStream();
        if (connect) {
          toClient.write(
              "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          toClient.flush();
        } else {
          target.getOutputStream().write(head.toByteArray());
        }
        Thread up = Thread.ofVirtual().start(() -> pipe(in, target));
        pipe(target.getInputStream(), client);
        up.join();
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      // One side closed; the tunnel ends.
    }
  }

  private static void pipe(InputStream from, Socket to) {
    try {
      from.transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
