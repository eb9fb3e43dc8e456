package dev.modelgate.admin;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.config.AdminSettings;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The admin tokens of the configuration, by their SHA-256 hashes (tokens are random, like client
 * keys). Every hash is compared, in constant time, so the time taken reveals nothing.
 */
public final class AdminTokens {
  private record Known(String name, byte[] digest, AdminRole role) {}

  private final List<Known> known = new ArrayList<>();

  public AdminTokens(List<AdminSettings.Token> tokens) {
    for (AdminSettings.Token token : tokens) {
      known.add(
          new Known(
              token.name(),
              Objects.requireNonNull(ApiKeys.parseHash(token.hash())),
              AdminRole.named(token.role())));
    }
  }

  /** The administrator a bearer token belongs to, or null for an unknown token. */
  public @Nullable AdminPrincipal authenticate(String token) {
    byte[] digest = Objects.requireNonNull(ApiKeys.parseHash(ApiKeys.hash(token)));
    AdminPrincipal found = null;
    for (Known candidate : known) {
      if (MessageDigest.isEqual(candidate.digest(), digest)) {
        found = new AdminPrincipal(candidate.name(), candidate.role());
      }
    }
    return found;
  }
}
