package dev.modelgate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.modelgate.testkit.FakeUpstream;
import dev.modelgate.testkit.StreamedChat;
import dev.modelgate.testkit.TestDatabases;
import dev.modelgate.testkit.TestGateway;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code modelgate serve} in a child JVM gets SIGTERM ({@link Process#destroy()}) while a stream is
 * running: the stream finishes in full and then the process exits, as in a Kubernetes pod stop.
 */
class SigtermDrainTest {
  private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");

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
      Process gateway =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.modelgate.Main",
                  "serve",
                  "--config",
                  config.toString(),
                  "--access-log",
                  "none")
              .redirectErrorStream(true)
              .start();
      try {
        List<String> output = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        threads.submit(() -> readOutput(gateway, output, port));
        int gatewayPort = port.get(60, TimeUnit.SECONDS);
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

        gateway.destroy(); // SIGTERM

        StreamedChat result = chat.get(30, TimeUnit.SECONDS);
        assertThat(result.text()).isEqualTo(SlowStreamScript.text(6));
        assertThat(result.finish()).isEqualTo("stop");
        assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).as("exited: " + output).isTrue();
        // 128 + 15: the JVM's exit status after SIGTERM once its shutdown hooks have run.
        assertThat(gateway.exitValue()).as(String.join("\n", output)).isEqualTo(143);
      } finally {
        gateway.destroyForcibly();
      }
    } finally {
      TestDatabases.deleteTree(dir);
    }
  }

  private static void readOutput(
      Process process, List<String> output, CompletableFuture<Integer> port) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.add(line);
        Matcher listening = LISTENING.matcher(line);
        if (listening.find()) {
          port.complete(Integer.parseInt(listening.group(1)));
        }
      }
    } catch (java.io.IOException e) {
      port.completeExceptionally(e);
    }
    port.completeExceptionally(new AssertionError("the gateway stopped: " + output));
  }
}
