package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.SelfSignedTls;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TlsClients;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * TLS termination over real sockets: TLS 1.3 by default, older protocols refused in the handshake,
 * and certificate files replaced on disk served from the next handshake on.
 */
class TlsTerminationTest {

  private static String config(Path cert, Path key, String protocols) {
    return "server:\n  host: 127.0.0.1\n  port: 0\n  tls:\n    cert: "
        + cert
        + "\n    key: "
        + key
        + "\n"
        + protocols
        + TestGateway.authBlock()
        + TestGateway.echoRoutes("echo");
  }

  @Test
  void servesTls13AndRefusesOlderProtocolsThenReloadsTheCertificate() throws Exception {
    Path dir = Files.createTempDirectory("modelgate-edge-tls");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    X509Certificate first = SelfSignedTls.writePem("first", cert, key);
    try (TestGateway gateway = TestGateway.start(config(cert, key, ""))) {
      int port = gateway.port();
      HttpClient client =
          HttpClient.newBuilder()
              .sslContext(TlsClients.trusting(first))
              .sslParameters(new SSLParameters(null, new String[] {"TLSv1.3"}))
              .build();
      HttpResponse<String> health =
          client.send(
              HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(handshake(port, "TLSv1.3").getSession().getProtocol()).isEqualTo("TLSv1.3");
      assertThat(presented(port)).isEqualTo(first);

      // TLS 1.2 is not on unless configured.
      assertThatThrownBy(() -> handshake(port, "TLSv1.2"))
          .isInstanceOf(SSLHandshakeException.class);
      // The JDK client no longer speaks TLS 1.0/1.1, so their ClientHello is written by hand.
      for (int minor : new int[] {1, 2}) {
        assertThat(answerToLegacyHello(port, minor)).as("TLS 1.%d", minor - 1).isEqualTo("alert");
      }

      X509Certificate renewed =
          SelfSignedTls.writePem(
              "renewed", dir.resolve("new-cert.pem"), dir.resolve("new-key.pem"));
      Files.move(
          dir.resolve("new-key.pem"), key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Files.move(
          dir.resolve("new-cert.pem"), cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      Await.until(() -> renewed.equals(presentedQuietly(port)), "the renewed certificate");
      HttpClient renewedClient =
          HttpClient.newBuilder().sslContext(TlsClients.trusting(renewed)).build();
      assertThat(
              renewedClient
                  .send(
                      HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/healthz"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void tls12IsServedWhenConfigured() throws Exception {
    Path dir = Files.createTempDirectory("modelgate-edge-tls");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    SelfSignedTls.writePem("both", cert, key);
    String yaml = config(cert, key, "    protocols: [TLSv1.3, TLSv1.2]\n");
    try (TestGateway gateway = TestGateway.start(yaml)) {
      assertThat(handshake(gateway.port(), "TLSv1.2").getSession().getProtocol())
          .isEqualTo("TLSv1.2");
      assertThat(answerToLegacyHello(gateway.port(), 2)).isEqualTo("alert");
    }
  }

  @Test
  void requiredClientCertificatesMustChainToTheClientCa() throws Exception {
    Path dir = Files.createTempDirectory("modelgate-edge-mtls");
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    X509Certificate server = SelfSignedTls.writePem("server", cert, key);
    Path clientCert = dir.resolve("client.pem");
    Path clientKey = dir.resolve("client-key.pem");
    X509Certificate client = SelfSignedTls.writePem("client", clientCert, clientKey);
    Path strangerCert = dir.resolve("stranger.pem");
    Path strangerKey = dir.resolve("stranger-key.pem");
    X509Certificate stranger = SelfSignedTls.writePem("stranger", strangerCert, strangerKey);
    String yaml =
        config(cert, key, "    client_auth: required\n    client_ca: " + clientCert + "\n");
    try (TestGateway gateway = TestGateway.start(yaml)) {
      URI health = URI.create("https://127.0.0.1:" + gateway.port() + "/healthz");
      HttpRequest get = HttpRequest.newBuilder(health).build();
      HttpClient withCert =
          HttpClient.newBuilder()
              .sslContext(TlsClients.identified(server, client, clientKey))
              .build();
      assertThat(withCert.send(get, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
      HttpClient without = HttpClient.newBuilder().sslContext(TlsClients.trusting(server)).build();
      assertThatThrownBy(() -> without.send(get, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      HttpClient wrongCert =
          HttpClient.newBuilder()
              .sslContext(TlsClients.identified(server, stranger, strangerKey))
              .build();
      assertThatThrownBy(() -> wrongCert.send(get, HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
    }
  }

  /** A handshake offering only {@code protocol}, accepting whatever certificate is presented. */
  private static SSLSocket handshake(int port, String protocol) throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new javax.net.ssl.TrustManager[] {new AcceptAnyServer()}, null);
    SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    socket.setEnabledProtocols(new String[] {protocol});
    try {
      socket.startHandshake();
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    socket.close();
    return socket;
  }

  private static Certificate presented(int port) throws Exception {
    return handshake(port, "TLSv1.3").getSession().getPeerCertificates()[0];
  }

  private static Certificate presentedQuietly(int port) {
    try {
      return presented(port);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends a TLS 1.0 ({@code minor} 1) or 1.1 ({@code minor} 2) ClientHello without extensions and
   * tells what came back: "alert", "server hello" or "closed".
   */
  private static String answerToLegacyHello(int port, int minor) throws IOException {
    byte[] suites = {0x00, 0x2f, (byte) 0xc0, 0x09, (byte) 0xc0, 0x13};
    ByteBuffer hello = ByteBuffer.allocate(2 + 32 + 1 + 2 + suites.length + 2);
    hello.put((byte) 3).put((byte) minor).put(new byte[32]).put((byte) 0);
    hello.putShort((short) suites.length).put(suites).put((byte) 1).put((byte) 0);
    byte[] body = hello.array();
    ByteBuffer record = ByteBuffer.allocate(5 + 4 + body.length);
    record.put((byte) 0x16).put((byte) 3).put((byte) minor).putShort((short) (4 + body.length));
    record.put((byte) 1).put((byte) 0).putShort((short) body.length).put(body);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(record.array());
      out.flush();
      InputStream in = new DataInputStream(socket.getInputStream());
      int type = in.read();
      return switch (type) {
        case 0x15 -> "alert";
        case 0x16 -> "server hello";
        default -> "closed";
      };
    }
  }

  private static final class AcceptAnyServer implements javax.net.ssl.X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
