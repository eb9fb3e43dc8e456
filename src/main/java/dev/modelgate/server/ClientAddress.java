package dev.modelgate.server;

import dev.modelgate.auth.ForwardedClient;
import dev.modelgate.auth.IpRange;
import io.helidon.http.HeaderName;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The address a request came from, for IP rules and the failed-auth lockout: the TCP peer, or the
 * client named by the forwarding headers when the peer is a trusted proxy. {@link EdgeFilter}
 * resolves it once per request and leaves it in the request's context.
 */
public final class ClientAddress {
  private static final String CONTEXT_KEY = "modelgate.client-address";

  private ClientAddress() {}

  public static @Nullable InetAddress of(ServerRequest request) {
    return request.context().get(CONTEXT_KEY, InetAddress.class).orElseGet(() -> peer(request));
  }

  static @Nullable InetAddress resolve(ServerRequest request, List<IpRange> trustedProxies) {
    InetAddress client =
        ForwardedClient.resolve(
            peer(request),
            allLines(request, "forwarded"),
            allLines(request, "x-forwarded-for"),
            trustedProxies);
    if (client != null) {
      request.context().register(CONTEXT_KEY, client);
    }
    return client;
  }

  /**
   * Every line of a repeated header, in order, as one list: a proxy may add its own line instead of
   * appending to the client's, and reading only the first would take the client's word.
   */
  private static @Nullable String allLines(ServerRequest request, String name) {
    HeaderName header = HeaderLookup.name(name);
    return request.headers().contains(header)
        ? String.join(",", request.headers().values(header))
        : null;
  }

  private static @Nullable InetAddress peer(ServerRequest request) {
    return request.remotePeer().address() instanceof InetSocketAddress socket
        ? socket.getAddress()
        : null;
  }
}
