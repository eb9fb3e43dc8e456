package dev.modelgate.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.ConnectProxy;
import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.SelfSignedTls;
import dev.modelgate.testkit.TestGateway;
import io.helidon.common.tls.Tls;
import io.helidon.webserver.WebServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An HTTPS upstream with its own CA and HTTP/2 (a Helidon server), reached directly and through an
 * egress proxy; and a plain HTTP upstream through the proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamTlsAndProxyTest {
  private static final String CHAT =
      "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  private static final String OK =
      "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
          + "\"message\":{\"role\":\"assistant\",\"content\":\"over tls\"},\"finish_reason\":\"stop\"}]}";

  private SelfSignedTls tls;
  private WebServer httpsUpstream;
  private final List<String> protocols = new CopyOnWriteArrayList<>();

  @BeforeAll
  void start() {
    tls = SelfSignedTls.create();
    httpsUpstream =
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .tls(
                Tls.builder()
                    .sslContext(tls.serverContext())
                    .applicationProtocols(List.of("h2", "http/1.1"))
                    .build())
            .routing(
                r ->
                    r.post(
                        "/v1/chat/completions",
                        (req, res) -> {
                          protocols.add(req.prologue().protocolVersion());
                          res.header("Content-Type", "application/json");
                          res.send(OK);
                        }))
            .build()
            .start();
  }

  @AfterAll
  void stop() {
    httpsUpstream.stop();
  }

  private String config(String base, String extra) {
    return TestGateway.authBlock()
        + """
        upstreams:
          - name: secure
            type: openai
            dialect: vllm
            base_url: %s
        %s
        routes:
          - model: m
            targets: [{upstream: secure}]
        """
            .formatted(base, extra.indent(4).stripTrailing());
  }

  private String httpsBase() {
    return "https://127.0.0.1:" + httpsUpstream.port() + "/v1";
  }

  @Test
  void customCaBundleIsTrustedAndHttp2IsNegotiated() {
    protocols.clear();
    try (TestGateway gateway =
        TestGateway.start(config(httpsBase(), "ca_bundle: " + tls.caPem()))) {
      HttpProbe.Result result =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);
      assertThat(result.status()).as(result.body()).isEqualTo(200);
      assertThat(result.json().path("choices").get(0).path("message").path("content").asText())
          .isEqualTo("over tls");
      assertThat(protocols).containsExactly("2.0");
    }
  }

  @Test
  void anUntrustedCertificateIsA502NotAHang() {
    try (TestGateway gateway = TestGateway.start(config(httpsBase(), ""))) {
      HttpProbe.Result result =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);
      assertThat(result.status()).isEqualTo(502);
      assertThat(result.json().path("error").path("code").asText())
          .isEqualTo("upstream_unavailable");
    }
  }

  @Test
  void httpsUpstreamThroughTheEgressProxy() throws Exception {
    try (ConnectProxy proxy = new ConnectProxy();
        TestGateway gateway =
            TestGateway.start(
                config(
                    httpsBase(),
                    "ca_bundle: " + tls.caPem() + "\nproxy: http://127.0.0.1:" + proxy.port()))) {
      HttpProbe.Result result =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);
      assertThat(result.status()).as(result.body()).isEqualTo(200);
      assertThat(proxy.requestLines())
          .anySatisfy(
              line -> assertThat(line).startsWith("CONNECT 127.0.0.1:" + httpsUpstream.port()));
    }
  }

  @Test
  void plainHttpUpstreamThroughTheEgressProxy() throws Exception {
    try (FakeUpstream plain = FakeUpstream.start().respond(FakeResponse.json(200, OK));
        ConnectProxy proxy = new ConnectProxy();
        TestGateway gateway =
            TestGateway.start(config(plain.baseUrl(), "proxy: http://127.0.0.1:" + proxy.port()))) {
      HttpProbe.Result result =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);
      assertThat(result.status()).as(result.body()).isEqualTo(200);
      assertThat(proxy.requestLines())
          .anySatisfy(
              line ->
                  assertThat(line)
                      .isEqualTo(
                          "POST http://127.0.0.1:"
                              + plain.port()
                              + "/v1/chat/completions HTTP/1.1"));
    }
  }
}
