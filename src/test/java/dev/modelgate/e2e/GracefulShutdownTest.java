package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.StreamedChat;
import dev.modelgate.testkit.TestGateway;
import java.io.BufferedReader;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Stopping the gateway ({@code Gateway.close}, which the SIGTERM hook calls) over real sockets:
 * readiness fails first, new calls are refused, streams in flight finish, and streams still running
 * at the drain timeout end with an error event in their client's protocol.
 */
class GracefulShutdownTest {
  private static final String CHAT =
      "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  // Not the common pool: with one core's parallelism, the shutdown would queue behind the stream.
  private static final Executor THREADS = Executors.newVirtualThreadPerTaskExecutor();

  @Test
  void streamInFlightCompletesWhileReadinessFailsAndNewCallsAreRefused() throws Exception {
    try (FakeUpstream upstream =
        FakeUpstream.start().respond(SlowStreamScript.stream(8, Duration.ofMillis(400)))) {
      TestGateway gateway =
          TestGateway.start(
              TestGateway.authBlock() + SlowStreamScript.config(upstream.baseUrl(), "0s", "20s"));
      int port = gateway.port();
      CompletableFuture<StreamedChat> chat =
          CompletableFuture.supplyAsync(
              () ->
                  StreamedChat.of(
                      gateway.openAiClient(),
                      ChatCompletionCreateParams.builder().model("m").addUserMessage("hi").build()),
              THREADS);
      Await.until(() -> upstream.partsWritten() >= 1, "the stream to start");

      long stopStart = System.nanoTime();
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(gateway::close, THREADS);

      Await.until(
          () -> HttpProbe.get(gateway.baseUrl() + "/readyz", null).status() == 503,
          "readiness to fail");
      HttpProbe.Result ready = HttpProbe.get(gateway.baseUrl() + "/readyz", null);
      assertThat(ready.json().path("status").asText()).isEqualTo("draining");
      // Liveness holds while draining, so Kubernetes does not kill the pod mid-drain.
      assertThat(HttpProbe.get(gateway.baseUrl() + "/healthz", null).status()).isEqualTo(200);

      HttpProbe.Result refused =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().path("error").path("code").asText())
          .isEqualTo("gateway_shutting_down");
      assertThat(refused.header("connection")).isEqualToIgnoringCase("close");
      assertThat(chat).as("the stream is still running when the new call is refused").isNotDone();
      assertThat(stopped).isNotDone();

      StreamedChat result = chat.get(20, TimeUnit.SECONDS);
      assertThat(result.text()).isEqualTo(SlowStreamScript.text(8));
      assertThat(result.finish()).isEqualTo("stop");

      stopped.get(20, TimeUnit.SECONDS);
      long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;
      assertThat(stopMillis).as("shutdown ends within the drain timeout").isLessThan(20_000);
      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void newCallsAreServedDuringThePreStopDelay() throws Exception {
    try (FakeUpstream upstream =
        FakeUpstream.start().respond(SlowStreamScript.stream(2, Duration.ZERO))) {
      TestGateway gateway =
          TestGateway.start(
              TestGateway.authBlock() + SlowStreamScript.config(upstream.baseUrl(), "3s", "5s"));
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(gateway::close, THREADS);
      Await.until(
          () -> HttpProbe.get(gateway.baseUrl() + "/readyz", null).status() == 503,
          "readiness to fail");

      HttpProbe.Result served =
          HttpProbe.post(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);

      assertThat(stopped).as("still within the pre-stop delay").isNotDone();
      assertThat(served.status()).isEqualTo(200);
      assertThat(served.events()).last().isEqualTo("[DONE]");
      assertThat(served.header("connection")).isEqualToIgnoringCase("close");
      stopped.get(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void streamsLeftAtTheDrainTimeoutEndWithAnErrorEventInTheirProtocol() throws Exception {
    try (FakeUpstream upstream =
        FakeUpstream.start().respond(SlowStreamScript.stream(40, Duration.ofMillis(500)))) {
      TestGateway gateway =
          TestGateway.start(
              TestGateway.authBlock() + SlowStreamScript.config(upstream.baseUrl(), "0s", "1s"));
      BufferedReader openai =
          HttpProbe.openStream(gateway.baseUrl() + "/v1/chat/completions", TestGateway.KEY, CHAT);
      BufferedReader anthropic =
          HttpProbe.openStream(
              gateway.baseUrl() + "/v1/messages",
              TestGateway.KEY,
              "{\"model\":\"m\",\"max_tokens\":50,\"stream\":true,"
                  + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      Await.until(() -> upstream.partsWritten() >= 2, "both streams to start");

      long stopStart = System.nanoTime();
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(gateway::close, THREADS);
      List<String> openaiLines = lines(openai);
      List<String> anthropicLines = lines(anthropic);
      stopped.get(20, TimeUnit.SECONDS);
      long stopMillis = (System.nanoTime() - stopStart) / 1_000_000;

      // The upstream needs 20 s for its 40 words; the drain cut the streams after 1 s.
      assertThat(stopMillis).isLessThan(15_000);
      String lastOpenAi = openaiLines.getLast();
      assertThat(lastOpenAi).startsWith("data: ").contains("\"code\":\"gateway_shutting_down\"");
      assertThat(openaiLines).doesNotContain("data: [DONE]");
      int errorEvent = anthropicLines.indexOf("event: error");
      assertThat(errorEvent).as("Anthropic error event").isNotNegative();
      assertThat(anthropicLines.get(errorEvent + 1)).contains("\"type\":\"overloaded_error\"");
      assertThat(anthropicLines).doesNotContain("event: message_stop");
    }
  }

  /** The non-blank lines of a stream, read to its end. */
  private static List<String> lines(BufferedReader reader) throws java.io.IOException {
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = reader.readLine()) != null) {
      if (!line.isBlank() && !line.startsWith(":")) {
        lines.add(line);
      }
    }
    return lines;
  }
}
