package dev.modelgate.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.error.PermissionDenied;
import dev.modelgate.error.Unauthenticated;
import dev.modelgate.testkit.MutableClock;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Store keys through the authenticator: expiry, a rotated-out secret's end, IP allowlists. */
class StoredKeyAuthenticationTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  private final MutableClock clock = new MutableClock(NOW);
  private final LiveKeys live = new LiveKeys();
  private final ApiKeyAuthenticator authenticator =
      new ApiKeyAuthenticator(List.of(), live, clock, null);

  private static ApiKeyAuthenticator.KeyEntry entry(
      String secret, Instant expires, Instant validUntil, List<IpRange> ips) {
    return new ApiKeyAuthenticator.KeyEntry(
        "vk_1",
        "app",
        ApiKeys.parseHash(ApiKeys.hash(secret)),
        List.of("echo"),
        "alice",
        "search",
        expires,
        validUntil,
        ips,
        new KeyLimits(10, 1000L, new BigDecimal("5"), "daily"));
  }

  private Principal call(String secret, String from) throws Exception {
    return authenticator.authenticate(
        Map.of("authorization", "Bearer " + secret)::get,
        from == null ? null : InetAddress.getByName(from));
  }

  @Test
  void aStoreKeyCarriesItsOwnerTeamAndLimits() throws Exception {
    live.replace(List.of(entry("mg-one", null, null, List.of())));
    Principal principal = call("mg-one", "127.0.0.1");
    assertThat(principal.keyId()).isEqualTo("vk_1");
    assertThat(principal.owner()).isEqualTo("alice");
    assertThat(principal.team()).isEqualTo("search");
    assertThat(principal.limits().rpm()).isEqualTo(10);
    assertThat(principal.mayUse("echo")).isTrue();
    assertThat(principal.mayUse("other")).isFalse();
  }

  @Test
  void expiryAndTheEndOfAGracePeriodAreExclusive() throws Exception {
    live.replace(
        List.of(
            entry("mg-expiring", NOW.plusSeconds(60), null, List.of()),
            entry("mg-rotated-out", null, NOW.plusSeconds(30), List.of())));
    call("mg-expiring", null);
    call("mg-rotated-out", null);
    clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(() -> call("mg-rotated-out", null))
        .isInstanceOf(Unauthenticated.class)
        .hasMessageContaining("Incorrect API key");
    call("mg-expiring", null);
    clock.advance(Duration.ofSeconds(30));
    assertThatThrownBy(() -> call("mg-expiring", null))
        .isInstanceOf(Unauthenticated.class)
        .hasMessageContaining("expired");
  }

  @Test
  void anAllowlistedKeyIsRefusedElsewhereAndWhenTheAddressIsUnknown() throws Exception {
    live.replace(List.of(entry("mg-office", null, null, List.of(IpRange.parse("203.0.113.0/24")))));
    assertThat(call("mg-office", "203.0.113.9").name()).isEqualTo("app");
    assertThatThrownBy(() -> call("mg-office", "198.51.100.1"))
        .isInstanceOf(PermissionDenied.class)
        .hasMessageContaining("198.51.100.1");
    assertThatThrownBy(() -> call("mg-office", null)).isInstanceOf(PermissionDenied.class);
  }

  @Test
  void replacingTheLiveKeysDropsTheOldOnes() throws Exception {
    live.replace(List.of(entry("mg-first", null, null, List.of())));
    call("mg-first", null);
    live.replace(List.of(entry("mg-second", null, null, List.of())));
    assertThatThrownBy(() -> call("mg-first", null)).isInstanceOf(Unauthenticated.class);
    assertThat(call("mg-second", null).keyId()).isEqualTo("vk_1");
  }
}
