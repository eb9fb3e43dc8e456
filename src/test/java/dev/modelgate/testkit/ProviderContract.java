package dev.modelgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The contract every provider passes: the scenarios of {@link ScenarioContract}, replayed by a fake
 * upstream in the provider's own wire format, and a client that goes away mid-stream cancelling the
 * upstream request. A provider that streams only by handing out a complete answer extends {@link
 * ScenarioContract} alone: it has no upstream stream to cancel.
 */
public abstract class ProviderContract extends ScenarioContract {
  /**
   * A client that goes away mid-stream makes the gateway close the upstream request within a
   * second.
   */
  @Test
  void clientCancelClosesTheUpstreamRequest() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(supports("streaming"));
    upstream.reset();
    upstream.respond(slowStream());
    String body =
        "{\"model\":\"contract-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                  + TestGateway.KEY
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.getBytes(StandardCharsets.UTF_8).length
                  + "\r\n\r\n"
                  + body)
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null && !line.startsWith("data:")) {
        // headers and chunk sizes
      }
      assertThat(line).as("the first event arrived").startsWith("data:");
    }
    long start = System.nanoTime();
    assertThat(upstream.awaitCancel(Duration.ofSeconds(2)))
        .as("upstream request cancelled")
        .isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
  }

  /** A long, slow stream in this provider's format, for the cancel test. */
  protected abstract FakeResponse slowStream();
}
