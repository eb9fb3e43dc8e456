package dev.modelgate.server;

import dev.modelgate.auth.AuthLockout;
import dev.modelgate.auth.LockoutSettings;
import dev.modelgate.auth.Principal;
import dev.modelgate.config.Runtime;
import dev.modelgate.error.Unauthenticated;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import org.jspecify.annotations.Nullable;

/**
 * Authenticates a request with a snapshot's keys (or its TLS client certificate) from the client's
 * address, counting each failure against that address for the lockout {@link EdgeFilter} enforces.
 */
public final class Authentication {
  private final AuthLockout lockout;

  public Authentication(AuthLockout lockout) {
    this.lockout = lockout;
  }

  public Principal authenticate(Runtime snapshot, ServerRequest req) {
    InetAddress client = ClientAddress.of(req);
    LockoutSettings settings = snapshot.config().server().edge().lockout();
    try {
      Principal principal =
          snapshot.authenticator().authenticate(HeaderLookup.of(req), client, peerCertificate(req));
      lockout.succeeded(client, settings);
      return principal;
    } catch (Unauthenticated e) {
      lockout.failed(client, settings);
      throw e;
    }
  }

  /** The client's verified TLS certificate (the handshake checked it), or null. */
  private static @Nullable X509Certificate peerCertificate(ServerRequest req) {
    if (!req.isSecure()) {
      return null;
    }
    return req.remotePeer()
        .tlsCertificates()
        .filter(chain -> chain.length > 0 && chain[0] instanceof X509Certificate)
        .map(chain -> (X509Certificate) chain[0])
        .orElse(null);
  }
}
