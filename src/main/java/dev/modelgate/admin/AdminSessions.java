package dev.modelgate.admin;

import dev.modelgate.auth.ApiKeys;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens handed out by a login, held in this instance's memory by their hash (a restart
 * ends every session; a user logs in again). A token expires {@link #LIFETIME} after the login.
 */
public final class AdminSessions {
  public static final Duration LIFETIME = Duration.ofMinutes(30);

  /** A session token (shown once) and when it stops working. */
  public record Session(String token, AdminPrincipal who, Instant expiresAt) {}

  private record Live(AdminPrincipal who, Instant expiresAt) {}

  private final Map<String, Live> live = new ConcurrentHashMap<>();
  private final Clock clock;

  public AdminSessions(Clock clock) {
    this.clock = clock;
  }

  Session open(AdminPrincipal who) {
    String token = "mgs-" + ApiKeys.newKey().substring(3);
    Instant expires = clock.instant().plus(LIFETIME);
    live.put(ApiKeys.hash(token), new Live(who, expires));
    return new Session(token, who, expires);
  }

  /** The administrator of an unexpired session token, or null. */
  public @Nullable AdminPrincipal authenticate(String token) {
    Instant now = clock.instant();
    live.values().removeIf(session -> !now.isBefore(session.expiresAt()));
    Live session = live.get(ApiKeys.hash(token));
    return session == null ? null : session.who();
  }
}
