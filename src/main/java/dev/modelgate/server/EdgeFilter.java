package dev.modelgate.server;

import dev.modelgate.auth.AuthLockout;
import dev.modelgate.config.EdgeSettings;
import dev.modelgate.config.RuntimeHolder;
import dev.modelgate.error.GatewayException;
import dev.modelgate.error.PermissionDenied;
import dev.modelgate.error.RateLimited;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The first thing every request on the API listener meets: the client's address (behind trusted
 * proxies), the global IP allow- and denylist (403) and the failed-auth lockout (429 with
 * Retry-After), answered in the error shape of the API the path belongs to. {@link Authentication}
 * counts the failures.
 */
final class EdgeFilter implements Filter {
  private final RuntimeHolder runtime;
  private final AuthLockout lockout;
  private final Function<String, FrontDoor> doorOfPath;

  EdgeFilter(RuntimeHolder runtime, AuthLockout lockout, Function<String, FrontDoor> doorOfPath) {
    this.runtime = runtime;
    this.lockout = lockout;
    this.doorOfPath = doorOfPath;
  }

  @Override
  public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
    EdgeSettings edge = runtime.get().config().server().edge();
    InetAddress client = ClientAddress.resolve(req, edge.trustedProxies());
    GatewayException refusal = null;
    if (!edge.ip().permits(client)) {
      refusal = new PermissionDenied("Requests from " + describe(client) + " are not allowed.");
    } else {
      Duration locked = lockout.lockedFor(client, edge.lockout());
      if (locked != null) {
        refusal =
            new RateLimited(
                "Too many failed authentications from " + describe(client) + "; try again later.",
                locked,
                false);
      }
    }
    if (refusal == null) {
      chain.proceed();
    } else {
      doorOfPath.apply(req.path().path()).sendError(res, refusal);
    }
  }

  private static String describe(@Nullable InetAddress client) {
    return client == null ? "an unknown address" : client.getHostAddress();
  }
}
