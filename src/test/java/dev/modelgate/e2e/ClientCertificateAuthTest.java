package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.SelfSignedTls;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TlsClients;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * mTLS client authentication over real TLS sockets: a verified client certificate that {@code
 * auth.client_certificates} names (by subject or fingerprint) is the client, with that entry's
 * models; a certificate the CA trusts but the configuration does not name, or none, is not; a key
 * sent over the same connection still decides.
 */
class ClientCertificateAuthTest {
  private static final String CHAT =
      "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private record Client(X509Certificate cert, Path keyPem) {}

  private static Client client(Path dir, String name) {
    Path cert = dir.resolve(name + ".pem");
    Path key = dir.resolve(name + "-key.pem");
    return new Client(SelfSignedTls.writePem(name, cert, key), key);
  }

  @Test
  void aNamedCertificateIsTheClientWithItsModelsAndAnUnnamedOneIsNot() throws Exception {
    Path dir = Files.createTempDirectory("modelgate-mtls-auth");
    Path serverCert = dir.resolve("server.pem");
    Path serverKey = dir.resolve("server-key.pem");
    X509Certificate server = SelfSignedTls.writePem("server", serverCert, serverKey);
    Client billing = client(dir, "billing");
    Client printed = client(dir, "printed");
    Client stranger = client(dir, "stranger");
    Path bundle = dir.resolve("client-ca.pem");
    for (String name : new String[] {"billing", "printed", "stranger"}) {
      Files.writeString(
          bundle,
          Files.readString(dir.resolve(name + ".pem")),
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    String fingerprint =
        HexFormat.ofDelimiter(":")
            .withUpperCase()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(printed.cert().getEncoded()));
    String yaml =
        "server:\n  host: 127.0.0.1\n  port: 0\n  tls:\n    cert: %s\n    key: %s\n"
                .formatted(serverCert, serverKey)
            + "    client_auth: optional\n    client_ca: %s\n".formatted(bundle)
            + TestGateway.authBlock()
            + "  client_certificates:\n"
            + "    - {name: billing-service, subject: 'cn=billing', models: [echo], team: finance}\n"
            + "    - {name: printed-service, sha256: '%s'}\n".formatted(fingerprint)
            + TestGateway.echoRoutes("echo", "other");
    try (TestGateway gateway = TestGateway.start(yaml)) {
      String base = "https://127.0.0.1:" + gateway.port() + "/v1/chat/completions";
      HttpClient asBilling =
          HttpClient.newBuilder()
              .sslContext(TlsClients.identified(server, billing.cert(), billing.keyPem()))
              .build();
      assertThat(chat(asBilling, base, "echo", null).statusCode()).isEqualTo(200);
      HttpResponse<String> notAllowed = chat(asBilling, base, "other", null);
      assertThat(notAllowed.statusCode()).as("not its model: hidden as OpenAI does").isEqualTo(404);
      assertThat(notAllowed.body()).contains("model_not_found");
      HttpResponse<String> wrongKey = chat(asBilling, base, "echo", "mg-not-a-key-0123456789");
      assertThat(wrongKey.statusCode()).as("a key sent decides").isEqualTo(401);
      assertThat(chat(asBilling, base, "other", TestGateway.KEY).statusCode()).isEqualTo(200);

      HttpClient asPrinted =
          HttpClient.newBuilder()
              .sslContext(TlsClients.identified(server, printed.cert(), printed.keyPem()))
              .build();
      assertThat(chat(asPrinted, base, "other", null).statusCode()).isEqualTo(200);

      HttpClient asStranger =
          HttpClient.newBuilder()
              .sslContext(TlsClients.identified(server, stranger.cert(), stranger.keyPem()))
              .build();
      HttpResponse<String> unnamed = chat(asStranger, base, "echo", null);
      assertThat(unnamed.statusCode()).isEqualTo(401);
      assertThat(unnamed.body()).contains("CN=stranger").contains("client_certificates");

      SSLContext anonymous = TlsClients.trusting(server);
      HttpResponse<String> none =
          chat(HttpClient.newBuilder().sslContext(anonymous).build(), base, "echo", null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.body()).contains("\"type\":\"invalid_request_error\"");
    }
  }

  private static HttpResponse<String> chat(HttpClient client, String url, String model, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(CHAT.formatted(model)));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
