package dev.modelgate.server;

import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The address a request came from, for per-key IP allowlists: the TCP peer. Forwarded headers are
 * not trusted (a client could write any address into them).
 */
public final class ClientAddress {
  private ClientAddress() {}

  public static @Nullable InetAddress of(ServerRequest request) {
    return request.remotePeer().address() instanceof InetSocketAddress socket
        ? socket.getAddress()
        : null;
  }
}
