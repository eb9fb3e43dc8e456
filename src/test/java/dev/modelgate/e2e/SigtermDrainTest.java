package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.GatewayProcess;
import dev.modelgate.testkit.StreamedChat;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code modelgate serve} in a child JVM gets SIGTERM ({@link Process#destroy()}) while a stream is
 * running: the stream finishes in full and then the process exits, as in a Kubernetes pod stop.
 */
class SigtermDrainTest {
  @Test
  void sigtermLetsTheStreamFinishThenExits() throws Exception {
    Path dir = Files.createTempDirectory("modelgate-sigterm");
    try (FakeUpstream upstream =
            FakeUpstream.start().respond(SlowStreamScript.stream(6, Duration.ofMillis(300)));
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Path config = dir.resolve("modelgate.yaml");
      Files.writeString(
          config,
          TestGateway.authBlock()
              + "data_dir: "
              + dir.resolve("data")
              + "\n"
              + SlowStreamScript.config(upstream.baseUrl(), "0s", "20s"));
      GatewayProcess gateway = GatewayProcess.start(config);
      try {
        int gatewayPort = gateway.port();
        var client =
            OpenAIOkHttpClient.builder()
                .apiKey(TestGateway.KEY)
                .baseUrl("http://127.0.0.1:" + gatewayPort + "/v1")
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
        CompletableFuture<StreamedChat> chat =
            CompletableFuture.supplyAsync(
                () ->
                    StreamedChat.of(
                        client,
                        ChatCompletionCreateParams.builder()
                            .model("m")
                            .addUserMessage("hi")
                            .build()),
                threads);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // A child JVM on a busy machine takes a while to load the classes of its first call.
        while (upstream.partsWritten() < 1 && !chat.isDone() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(chat).as("the stream is running").isNotDone();
        assertThat(upstream.partsWritten()).as("upstream parts sent").isPositive();

        gateway.process().destroy(); // SIGTERM

        StreamedChat result = chat.get(30, TimeUnit.SECONDS);
        assertThat(result.text()).isEqualTo(SlowStreamScript.text(6));
        assertThat(result.finish()).isEqualTo("stop");
        assertThat(gateway.process().waitFor(30, TimeUnit.SECONDS))
            .as("exited: " + gateway.output())
            .isTrue();
        // 128 + 15: the JVM's exit status after SIGTERM once its shutdown hooks have run.
        assertThat(gateway.process().exitValue())
            .as(String.join("\n", gateway.output()))
            .isEqualTo(143);
      } finally {
        gateway.close();
      }
    } finally {
      TestDatabases.deleteTree(dir);
    }
  }
}
