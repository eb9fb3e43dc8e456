package dev.modelgate.admin;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.store.AdminSessionStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens handed out by a login. Kept in the store by their hash, so every gateway
 * instance behind a load balancer accepts them and a restart ends none; a token expires {@link
 * #LIFETIME} after the login, or at logout, or when its user is removed.
 */
public final class AdminSessions {
  public static final Duration LIFETIME = Duration.ofMinutes(30);

  /** Every session token starts so; admin API tokens of the configuration never do. */
  public static final String TOKEN_PREFIX = "mgs-";

  /** A session token (shown once) and when it stops working. */
  public record Session(String token, AdminPrincipal who, Instant expiresAt) {}

  private final AdminSessionStore store;
  private final Clock clock;

  public AdminSessions(AdminSessionStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  Session open(AdminPrincipal who) {
    String token = TOKEN_PREFIX + ApiKeys.newKey().substring(3);
    Instant now = clock.instant();
    Instant expires = now.plus(LIFETIME);
    store.open(ApiKeys.hash(token), who.name(), who.address(), now, expires);
    return new Session(token, who, expires);
  }

  /** The administrator of a live session token, with the role their user has now, or null. */
  public @Nullable AdminPrincipal authenticate(String token) {
    if (!token.startsWith(TOKEN_PREFIX)) {
      return null;
    }
    return store
        .find(ApiKeys.hash(token), clock.instant())
        .map(
            live ->
                new AdminPrincipal(live.userName(), AdminRole.named(live.role()), live.address()))
        .orElse(null);
  }

  /** Ends the session of {@code token}; false when it was not live. */
  public boolean close(String token) {
    return store.revoke(ApiKeys.hash(token), clock.instant());
  }

  void closeAll(String userName) {
    store.revokeUser(userName, clock.instant());
  }
}
