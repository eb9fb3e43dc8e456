package dev.modelgate.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedClientTest {
  private static final List<IpRange> PROXIES =
      List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8:ffff::/48"));

  @Test
  void headersFromAnUntrustedPeerAreIgnored() {
    InetAddress peer = ip("198.51.100.7");
    assertThat(ForwardedClient.resolve(peer, "for=10.1.1.1", "203.0.113.9", PROXIES))
        .isEqualTo(peer);
    assertThat(ForwardedClient.resolve(peer, null, "203.0.113.9", List.of())).isEqualTo(peer);
  }

  @Test
  void theRightMostUntrustedHopIsTheClient() {
    // The client forged 1.1.1.1 on the left; the proxies appended what they saw.
    assertThat(
            ForwardedClient.resolve(
                ip("10.0.0.2"), null, "1.1.1.1, 203.0.113.9, 10.0.0.1", PROXIES))
        .isEqualTo(ip("203.0.113.9"));
  }

  @Test
  void forwardedWinsAndTakesQuotedIpv6WithPorts() {
    assertThat(
            ForwardedClient.resolve(
                ip("2001:db8:ffff::1"),
                "for=192.0.2.60;proto=https, For=\"[2001:db8:cafe::17]:4711\"",
                "9.9.9.9",
                PROXIES))
        .isEqualTo(ip("2001:db8:cafe::17"));
    assertThat(ForwardedClient.resolve(ip("10.0.0.2"), "for=192.0.2.60:8080", null, PROXIES))
        .isEqualTo(ip("192.0.2.60"));
  }

  @Test
  void anObfuscatedHopStopsTheWalkAtTheLastTrustedAddress() {
    assertThat(
            ForwardedClient.resolve(
                ip("10.0.0.2"), null, "203.0.113.9, unknown, 10.0.0.1", PROXIES))
        .isEqualTo(ip("10.0.0.1"));
    assertThat(ForwardedClient.resolve(ip("10.0.0.2"), null, "evil.example, 10.0.0.0/8", PROXIES))
        .isEqualTo(ip("10.0.0.2"));
  }

  @Test
  void onlyTrustedHopsLeaveTheLeftMost() {
    assertThat(ForwardedClient.resolve(ip("10.0.0.2"), null, "10.0.0.5, 10.0.0.1", PROXIES))
        .isEqualTo(ip("10.0.0.5"));
    assertThat(ForwardedClient.resolve(ip("10.0.0.2"), null, null, PROXIES))
        .isEqualTo(ip("10.0.0.2"));
  }

  @Test
  void ipRulesDenyBeforeAllowAcrossFamilies() {
    IpRules rules =
        new IpRules(
            List.of(IpRange.parse("10.0.0.0/8"), IpRange.parse("2001:db8::/32")),
            List.of(IpRange.parse("10.6.0.0/16"), IpRange.parse("2001:db8:bad::/48")));
    assertThat(rules.permits(ip("10.1.2.3"))).isTrue();
    assertThat(rules.permits(ip("10.6.2.3"))).isFalse();
    assertThat(rules.permits(ip("2001:db8:1::1"))).isTrue();
    assertThat(rules.permits(ip("2001:db8:bad::1"))).isFalse();
    assertThat(rules.permits(ip("192.0.2.1"))).isFalse();
    assertThat(rules.permits(null)).isFalse();
    assertThat(IpRules.ANY.permits(null)).isTrue();
    IpRules denyOnly = new IpRules(List.of(), List.of(IpRange.parse("192.0.2.0/24")));
    assertThat(denyOnly.permits(ip("192.0.2.1"))).isFalse();
    assertThat(denyOnly.permits(ip("198.51.100.1"))).isTrue();
  }

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
