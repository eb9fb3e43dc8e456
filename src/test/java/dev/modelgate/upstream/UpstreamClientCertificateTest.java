package dev.modelgate.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.config.ConfigException;
import dev.modelgate.config.ConfigLoader;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.SelfSignedTls;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TlsClients;
import io.helidon.common.tls.Tls;
import io.helidon.common.tls.TlsClientAuth;
import io.helidon.webserver.WebServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mTLS to an upstream: an HTTPS upstream that requires a client certificate sees the one the
 * gateway is configured with, over both transports (Jetty with HTTP/2, Apache with HTTP/1.1);
 * without it the handshake fails and the client gets a 502 in OpenAI's shape.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamClientCertificateTest {
  private static final String CHAT =
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String OK =
      "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"mutual\"},\"finish_reason\":\"stop\"}]}";

  private final List<String> clients = new CopyOnWriteArrayList<>();
  private Path dir;
  private Path serverCert;
  private Path clientCert;
  private Path clientKey;
  private WebServer upstream;

  @BeforeAll
  void start() throws Exception {
    dir = Files.createTempDirectory("modelgate-mtls");
    serverCert = dir.resolve("server.pem");
    Path serverKey = dir.resolve("server.key");
    X509Certificate server = SelfSignedTls.writePem("localhost", serverCert, serverKey);
    clientCert = dir.resolve("client.pem");
    clientKey = dir.resolve("client.key");
    X509Certificate client = SelfSignedTls.writePem("gateway-client", clientCert, clientKey);
    upstream =
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .tls(
                Tls.builder()
                    .sslContext(TlsClients.identified(client, server, serverKey))
                    .clientAuth(TlsClientAuth.REQUIRED)
                    .applicationProtocols(List.of("h2", "http/1.1"))
                    .build())
            .routing(
                r ->
                    r.post(
                        "/v1/chat/completions",
                        (req, res) -> {
                          req.remotePeer()
                              .tlsCertificates()
                              .map(chain -> ((X509Certificate) chain[0]).getSubjectX500Principal())
                              .ifPresent(subject -> clients.add(subject.getName()));
                          res.header("Content-Type", "application/json");
                          res.send(OK);
                        }))
            .build()
            .start();
  }

  @AfterAll
  void stop() {
    upstream.stop();
  }

  private String config(String tls) {
    return TestGateway.authBlock()
        + """
        upstreams:
          - name: mutual
            type: openai
            dialect: vllm
            base_url: https://127.0.0.1:%d/v1
            ca_bundle: %s
        %s
        routes:
          - model: m
            targets: [{upstream: mutual}]
        """
            .formatted(upstream.port(), serverCert, tls.indent(4).stripTrailing());
  }

  @ParameterizedTest
  @ValueSource(strings = {"auto", "apache"})
  void theConfiguredClientCertificateIsPresented(String transport) {
    clients.clear();
    String tls =
        "client_certificate: %s\nclient_key: %s\npool: {transport: %s}"
            .formatted(clientCert, clientKey, transport);
    try (TestGateway gateway = TestGateway.start(config(tls))) {
      HttpProbe.Result result =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);
      assertThat(result.status()).as(result.body()).isEqualTo(200);
      assertThat(result.body()).contains("mutual");
      assertThat(clients).containsExactly("CN=gateway-client");
    }
  }

  @Test
  void withoutAClientCertificateTheHandshakeFailsAsA502() {
    clients.clear();
    try (TestGateway gateway = TestGateway.start(config("pool: {transport: apache}"))) {
      HttpProbe.Result result =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);
      assertThat(result.status()).isEqualTo(502);
      assertThat(result.json().path("error").path("message").asText()).isNotBlank();
      assertThat(clients).isEmpty();
    }
  }

  @Test
  void aCertificateWithoutItsKeyOrAnUnreadableFileIsRefusedWithThePath() {
    String yaml = config("client_certificate: " + clientCert);
    assertThatThrownBy(
            () -> ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), name -> null, dir))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "upstreams[0].client_key: client_certificate and client_key go together"));
    String missing = config("client_certificate: " + clientCert + "\nclient_key: /nonexistent.key");
    assertThatThrownBy(
            () -> ConfigLoader.parse(missing.getBytes(StandardCharsets.UTF_8), name -> null, dir))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains("upstreams[0].client_key: cannot read file '/nonexistent.key'"));
  }
}
