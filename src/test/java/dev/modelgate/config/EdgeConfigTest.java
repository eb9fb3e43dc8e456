package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.auth.IpRange;
import dev.modelgate.auth.LockoutSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The edge keys of {@code server:} and a route's {@code ip:}: defaults, values, errors. */
class EdgeConfigTest {
  private static GatewayConfig parse(String yaml) {
    return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), name -> null, Path.of("data"));
  }

  @Test
  void defaultsLetEveryAddressInWithoutTls() {
    EdgeSettings edge = parse("{}").server().edge();
    assertThat(edge).isEqualTo(EdgeSettings.DEFAULT);
    assertThat(edge.lockout()).isEqualTo(LockoutSettings.DEFAULT);
    assertThat(edge.tls()).isNull();
  }

  @Test
  void everyEdgeSettingIsRead() {
    GatewayConfig config =
        parse(
            """
            server:
              trusted_proxies: [10.0.0.0/8, "fd00::/8"]
              ip: {allow: [192.0.2.0/24, "2001:db8::/32"], deny: [192.0.2.66]}
              max_header_bytes: 8KiB
              max_json_depth: 20
              auth_lockout: {failures: 3, window: 30s, lockout: 2m}
              max_connections: 5000
              idle_timeout: 90s
              body_timeout: 20s
            upstreams: [{name: offline, type: echo}]
            routes:
              - model: m
                targets: [{upstream: offline}]
                ip: {deny: ["2001:db8:bad::/48"]}
            """);
    EdgeSettings edge = config.server().edge();
    assertThat(edge.trustedProxies())
        .containsExactly(IpRange.parse("10.0.0.0/8"), IpRange.parse("fd00::/8"));
    assertThat(edge.ip().allow()).hasSize(2);
    assertThat(edge.ip().deny()).containsExactly(IpRange.parse("192.0.2.66"));
    assertThat(edge.maxHeaderBytes()).isEqualTo(8192);
    assertThat(edge.maxJsonDepth()).isEqualTo(20);
    assertThat(edge.lockout())
        .isEqualTo(new LockoutSettings(3, Duration.ofSeconds(30), Duration.ofMinutes(2)));
    assertThat(config.routeIp("m").deny()).containsExactly(IpRange.parse("2001:db8:bad::/48"));
    assertThat(edge.connections())
        .isEqualTo(
            new EdgeSettings.Connections(5000, Duration.ofSeconds(90), Duration.ofSeconds(20)));
    assertThat(EdgeSettings.DEFAULT.connections().max()).isZero();
    assertThat(EdgeSettings.DEFAULT.connections().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void mistakesAreReportedWithTheirPaths() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                parse(
                    """
                    server:
                      trusted_proxies: [10.0.0.0/33]
                      ip: {allow: [example.com], block: []}
                      auth_lockout: {failures: -1}
                      tls: {cert: /nonexistent/cert.pem, protocols: [TLSv1.1], client_auth: maybe}
                    upstreams: [{name: offline, type: echo}]
                    routes:
                      - model: m
                        targets: [{upstream: offline}]
                        ip: {deny: ["::1/129"]}
                    """));
    assertThat(e).isNotNull();
    assertThat(String.join("\n", e.problems()))
        .contains("server.trusted_proxies[0]: '10.0.0.0/33': the prefix length must be 0 to 32")
        .contains("server.ip.allow[0]: 'example.com' is not an IP address or CIDR block")
        .contains("server.ip.block: unknown field")
        .contains("server.auth_lockout.failures")
        .contains("server.tls.cert: cannot read file '/nonexistent/cert.pem'")
        .contains("server.tls.key: is required")
        .contains("server.tls.protocols: 'TLSv1.1' is not allowed")
        .contains("server.tls.client_auth: must be none, optional or required")
        .contains("routes[0].ip.deny[0]: '::1/129': the prefix length must be 0 to 128");
  }

  @Test
  void clientCertificatesAreNamedBySubjectOrFingerprintExactlyOnce() {
    GatewayConfig config =
        parse(
            """
            auth:
              client_certificates:
                - {name: billing, subject: "CN=billing, O=Acme", models: [echo], team: finance}
                - {name: printed, sha256: "%s"}
            """
                .formatted("AB:".repeat(31) + "AB"));
    assertThat(config.auth().clientCertificates())
        .extracting(dev.modelgate.auth.ClientCertificate::name)
        .containsExactly("billing", "printed");
    assertThat(config.auth().clientCertificates().getFirst().team()).isEqualTo("finance");

    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                parse(
                    """
                    auth:
                      client_certificates:
                        - {name: both, subject: CN=x, sha256: abcd}
                        - {name: neither}
                        - {name: bad, subject: "not a dn"}
                    """));
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "auth.client_certificates[0]: give exactly one of subject (a distinguished name) and"
                + " sha256 (a fingerprint)",
            "auth.client_certificates[0].sha256: must be 64 hex digits (colons allowed)",
            "auth.client_certificates[1]: give exactly one of subject (a distinguished name) and"
                + " sha256 (a fingerprint)",
            "auth.client_certificates[2].subject: not a distinguished name like CN=billing,O=Acme");
  }
}
