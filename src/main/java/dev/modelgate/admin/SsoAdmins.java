package dev.modelgate.admin;

import dev.modelgate.auth.JwtAuthenticator;
import dev.modelgate.error.Unauthenticated;
import java.util.Comparator;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Administrators known by their identity provider: a JWT of an {@code auth.jwt} issuer whose claims
 * map to an admin role ({@code admin_roles}). The issuers are the current snapshot's, so a reload
 * that changes them applies to the next admin request.
 */
public final class SsoAdmins {
  private final Supplier<@Nullable JwtAuthenticator> issuers;

  public SsoAdmins(Supplier<@Nullable JwtAuthenticator> issuers) {
    this.issuers = issuers;
  }

  /** Whether {@code token} is one for this: a JWT's shape, with token issuers configured. */
  public boolean handles(String token) {
    return JwtAuthenticator.looksLikeJwt(token) && issuers.get() != null;
  }

  /**
   * The administrator of a token: 401 when it does not verify, 403 when it verifies but grants no
   * admin role. Granted several, it acts with the first of admin, operator, viewer.
   */
  public AdminPrincipal authenticate(String token) {
    JwtAuthenticator jwt = issuers.get();
    if (jwt == null) {
      throw new AdminException(401, "invalid_admin_token", "Incorrect admin token provided.");
    }
    JwtAuthenticator.AdminClaims claims;
    try {
      claims = jwt.admin(token);
    } catch (Unauthenticated e) {
      throw new AdminException(401, "invalid_admin_token", String.valueOf(e.getMessage()));
    }
    AdminRole role =
        claims.roles().stream()
            .map(AdminRole::named)
            .min(Comparator.naturalOrder())
            .orElseThrow(
                () ->
                    new AdminException(
                        403,
                        "forbidden",
                        "The token is valid but grants no admin role (auth.jwt[].admin_roles)."));
    return new AdminPrincipal("sso:" + claims.user(), role);
  }
}
