package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API listener's connection limits over raw sockets: beyond {@code max_connections} a client
 * waits until a connection closes, and a connection idle for {@code idle_timeout} is closed.
 */
class ConnectionLimitsTest {
  private static TestGateway gateway(String limits) {
    return TestGateway.start(
        "server:\n  host: 127.0.0.1\n  port: 0\n" + limits + TestGateway.authBlock());
  }

  /** A kept-alive connection that asked for /healthz once. */
  private static Socket connect(TestGateway gateway) throws IOException {
    Socket socket = new Socket("127.0.0.1", gateway.port());
    socket.setSoTimeout(1000);
    ask(socket);
    return socket;
  }

  private static void ask(Socket socket) throws IOException {
    socket
        .getOutputStream()
        .write(
            "GET /healthz HTTP/1.1\r\nHost: gateway\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
  }

  /** The start of the next answer on {@code socket}, or null if none came within its timeout. */
  private static String answer(Socket socket) throws IOException {
    byte[] buffer = new byte[512];
    try {
      int n = socket.getInputStream().read(buffer);
      return n < 0 ? "closed" : new String(buffer, 0, n, StandardCharsets.US_ASCII);
    } catch (SocketTimeoutException e) {
      return null;
    }
  }

  @Test
  void beyondTheLimitAClientWaitsUntilAConnectionCloses() throws Exception {
    try (TestGateway gateway = gateway("  max_connections: 2\n");
        Socket first = connect(gateway);
        Socket second = connect(gateway)) {
      assertThat(answer(first)).startsWith("HTTP/1.1 200");
      assertThat(answer(second)).startsWith("HTTP/1.1 200");
      try (Socket third = new Socket("127.0.0.1", gateway.port())) {
        third.setSoTimeout(1000);
        ask(third);
        assertThat(answer(third)).as("not served while two are open").isNull();

        first.close();
        third.setSoTimeout(5000);
        assertThat(answer(third)).startsWith("HTTP/1.1 200");
      }
      ask(second);
      assertThat(answer(second)).as("the open ones are served on").startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    try (TestGateway gateway = gateway("  idle_timeout: 1s\n");
        Socket socket = connect(gateway)) {
      assertThat(answer(socket)).startsWith("HTTP/1.1 200");
      // The server's idle clock ticks in whole seconds, so the close comes 0-2 s after the
      // answer; a connection it left open would time this read out instead.
      socket.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
      InputStream in = socket.getInputStream();
      int read;
      try {
        read = in.read();
      } catch (SocketTimeoutException stillOpen) {
        read = -2;
      } catch (IOException reset) {
        read = -1;
      }
      assertThat(read).as("the server closed the idle connection").isEqualTo(-1);
    }
  }

  private static String chatBody(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  /** POSTs {@code json} to the chat endpoint on a new connection; everything the server sent. */
  private static String rawPost(TestGateway gateway, String json) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(10_000);
      byte[] body = json.getBytes(StandardCharsets.UTF_8);
      socket
          .getOutputStream()
          .write(
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n"
                      + "Authorization: Bearer "
                      + TestGateway.KEY
                      + "\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      socket.getOutputStream().flush();
      return response(socket.getInputStream());
    }
  }

  /** One HTTP/1.1 response with a Content-Length, read whole (the connection may stay open). */
  private static String response(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
    byte[] buffer = new byte[4096];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      seen.write(buffer, 0, n);
      String text = seen.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      java.util.regex.Matcher length =
          java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
      if (end >= 0 && length.find() && seen.size() >= end + 4 + Integer.parseInt(length.group(1))) {
        return text;
      }
    }
    return seen.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aCallLongerThanTheIdleTimeoutIsNotCut() throws Exception {
    try (FakeUpstream slow =
            FakeUpstream.start()
                .respond(
                    FakeResponse.json(200, OpenAiUpstreamScript.completion("m", "late answer"))
                        .withFirstByteDelay(Duration.ofMillis(2500)));
        FakeUpstream quiet =
            FakeUpstream.start()
                .respond(
                    FakeResponse.sse(
                            List.of(
                                OpenAiUpstreamScript.chunkJson("m", "one "),
                                OpenAiUpstreamScript.chunkJson("m", "two"),
                                "[DONE]"))
                        .withGap(Duration.ofMillis(2500)));
        TestGateway gateway =
            gateway(
                "  idle_timeout: 1s\n  sse_keepalive: 0s\n"
                    + """
                    upstreams:
                      - {name: slow, type: openai, base_url: %s}
                      - {name: quiet, type: openai, base_url: %s}
                    routes:
                      - {model: slow, targets: [{upstream: slow, model: m}]}
                      - {model: quiet, targets: [{upstream: quiet, model: m}]}
                    """
                        .formatted(slow.baseUrl(), quiet.baseUrl()))) {
      // On a connection of its own: a pooled one could have been closed as idle meanwhile.
      assertThat(rawPost(gateway, chatBody("slow")))
          .startsWith("HTTP/1.1 200")
          .contains("late answer");

      HttpProbe.Result streamed =
          HttpProbe.post(
              gateway.baseUrl() + "/v1/chat/completions",
              TestGateway.KEY,
              "{\"model\":\"quiet\",\"stream\":true,"
                  + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertThat(streamed.status()).isEqualTo(200);
      assertThat(streamed.events()).endsWith("[DONE]");
      assertThat(String.join("", streamed.events())).contains("one ").contains("two");
    }
  }

  @Test
  void aBodyThatDoesNotArriveInTimeIsCutAndLaterCallsAreServed() throws Exception {
    try (TestGateway gateway = gateway("  body_timeout: 1s\n" + TestGateway.echoRoutes("echo"));
        Socket socket = new Socket("127.0.0.1", gateway.port())) {
      socket.setSoTimeout(5000);
      String start = "{\"model\":\"echo\",\"messages\":[";
      socket
          .getOutputStream()
          .write(
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer "
                      + TestGateway.KEY
                      + "\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
                      + start)
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      long sent = System.nanoTime();
      String seen;
      try {
        seen = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (SocketTimeoutException stillWaiting) {
        seen = "no answer within 5 s";
      } catch (IOException reset) {
        seen = "";
      }
      Duration waited = Duration.ofNanos(System.nanoTime() - sent);
      assertThat(seen.isEmpty() || seen.contains("request_timeout"))
          .as("cut (closed, or refused as request_timeout), not " + seen)
          .isTrue();
      assertThat(waited).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));

      // The gateway goes on: a body sent in two parts within the time is served.
      assertThat(rawPost(gateway, chatBody("echo"))).startsWith("HTTP/1.1 200");
      assertThat(gateway.chat("echo").status()).isEqualTo(200);
    }
  }
}
