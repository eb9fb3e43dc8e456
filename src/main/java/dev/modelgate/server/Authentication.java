package dev.modelgate.server;

import dev.modelgate.auth.AuthLockout;
import dev.modelgate.auth.LockoutSettings;
import dev.modelgate.auth.Principal;
import dev.modelgate.config.Runtime;
import dev.modelgate.error.Unauthenticated;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;

/**
 * Authenticates a request with a snapshot's keys from the client's address, counting each failure
 * against that address for the lockout {@link EdgeFilter} enforces.
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
      Principal principal = snapshot.authenticator().authenticate(HeaderLookup.of(req), client);
      lockout.succeeded(client, settings);
      return principal;
    } catch (Unauthenticated e) {
      lockout.failed(client, settings);
      throw e;
    }
  }
}
