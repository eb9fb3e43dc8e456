package dev.modelgate.admin;

import dev.modelgate.auth.ApiKeyAuthenticator;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.auth.Principal;
import dev.modelgate.config.GatewayConfig;
import dev.modelgate.config.Runtime;
import dev.modelgate.error.PermissionDenied;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Who may use the admin endpoints: a client key (sent as for the API) that the configuration marks
 * {@code admin: true}; in the embedded default, the bootstrap key. Keys are matched by their id (a
 * hash prefix), never by name, so a second key of the same name gains nothing.
 */
final class AdminAccess {
  private AdminAccess() {}

  /** The admin caller, or an {@code Unauthenticated} or {@link PermissionDenied} failure. */
  static Principal check(Runtime snapshot, Function<String, @Nullable String> headers) {
    Principal principal = snapshot.authenticator().authenticate(headers);
    for (GatewayConfig.Key key : snapshot.config().auth().keys()) {
      byte[] digest = ApiKeys.parseHash(key.hash());
      if (key.admin()
          && digest != null
          && ApiKeyAuthenticator.keyId(digest).equals(principal.keyId())) {
        return principal;
      }
    }
    throw new PermissionDenied(
        "This key may not use the admin endpoints (mark it `admin: true` under auth.keys).");
  }
}
