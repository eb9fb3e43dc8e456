package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.FakeResponse;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.TestGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading stops the upstream read: the gateway buffers a bounded amount only.
 */
class StreamBackPressureTest {
  @Test
  void aSlowClientSlowsTheUpstreamInsteadOfFillingMemory() throws Exception {
    String padding = "x".repeat(16 * 1024);
    List<String> events = new ArrayList<>();
    int total = 4000; // 64 MiB of events: far more than every buffer on the way can hold
    for (int i = 0; i < total; i++) {
      events.add(
          "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
              + "\"delta\":{\"content\":\""
              + padding
              + "\"},\"finish_reason\":null}]}");
    }
    events.add("[DONE]");
    try (FakeUpstream upstream = FakeUpstream.start().respond(FakeResponse.sse(events));
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + """
            upstreams:
              - name: fake
                type: openai
                dialect: vllm
                base_url: %s
            routes:
              - model: m
                targets: [{upstream: fake}]
            """
                        .formatted(upstream.baseUrl()))) {
      String body =
          "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
      Socket socket = new Socket();
      socket.setReceiveBufferSize(64 * 1024);
      socket.connect(new InetSocketAddress("127.0.0.1", gateway.port()));
      socket
          .getOutputStream()
          .write(
              ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + TestGateway.KEY
                      + "\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body)
                  .getBytes(StandardCharsets.UTF_8));
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String first;
      while ((first = reader.readLine()) != null && !first.startsWith("data:")) {
        // status line, headers, chunk sizes
      }
      assertThat(first).startsWith("data:");
      Thread.sleep(1500);
      long writtenWhileStalled = upstream.partsWritten();
      assertThat(writtenWhileStalled)
          .as("events the upstream could send while the client read nothing")
          .isLessThan(total / 3);
      int read = 1;
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.startsWith("data:")) {
          read++;
          if (line.equals("data: [DONE]")) {
            break;
          }
        }
      }
      socket.close();
      assertThat(read)
          .as("every event and [DONE] arrive once the client reads")
          .isEqualTo(total + 1);
    }
  }
}
