package dev.modelgate.testkit;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.chain.CallListener;
import dev.modelgate.config.ConfigLoader;
import dev.modelgate.config.GatewayConfig;
import dev.modelgate.observe.AccessLog;
import dev.modelgate.server.Gateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The whole gateway on a random loopback port, configured by a YAML file in a temp directory. */
public final class TestGateway implements AutoCloseable {
  /** The client key every test configuration accepts. */
  public static final String KEY = "mg-test-key-0123456789";

  private final Gateway gateway;
  private final Path configFile;

  private TestGateway(Gateway gateway, Path configFile) {
    this.gateway = gateway;
    this.configFile = configFile;
  }

  /** Key configuration accepting {@link #KEY} for every model, to put under {@code auth:}. */
  public static String authBlock() {
    return "auth:\n  keys:\n    - name: test\n      hash: " + ApiKeys.hash(KEY) + "\n";
  }

  /** An {@code echo} upstream named {@code offline} and a route to it for each model name. */
  public static String echoRoutes(String... models) {
    StringBuilder yaml =
        new StringBuilder("upstreams:\n  - name: offline\n    type: echo\nroutes:\n");
    for (String model : models) {
      yaml.append("  - model: ").append(model).append("\n    targets: [{upstream: offline}]\n");
    }
    return yaml.toString();
  }

  /** The official OpenAI SDK pointed at this gateway with {@code key}, without retries. */
  public OpenAIClient openAiClient(String key) {
    return OpenAIOkHttpClient.builder()
        .apiKey(key)
        .baseUrl(baseUrl() + "/v1")
        .maxRetries(0)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  /** The official Anthropic SDK pointed at this gateway with {@code key}, without retries. */
  public com.anthropic.client.AnthropicClient anthropicClient(String key) {
    return com.anthropic.client.okhttp.AnthropicOkHttpClient.builder()
        .apiKey(key)
        .baseUrl(baseUrl())
        .maxRetries(0)
        .timeout(Duration.ofSeconds(20))
        .build();
  }

  /** Starts with {@code yaml} (which should include {@link #authBlock()}); port 0 is forced. */
  public static TestGateway start(String yaml) {
    return start(yaml, Duration.ofMillis(100), AccessLog.discarding());
  }

  public static TestGateway start(String yaml, Duration watchInterval, AccessLog log) {
    return start(yaml, watchInterval, log, Clock.systemUTC());
  }

  /** Starts with {@code clock} deciding key expiry and rotation grace. */
  public static TestGateway start(String yaml, Clock clock) {
    return start(yaml, Duration.ofMillis(100), AccessLog.discarding(), clock);
  }

  private static TestGateway start(
      String yaml, Duration watchInterval, AccessLog log, Clock clock) {
    try {
      Path dir = Files.createTempDirectory("modelgate-test");
      Path file = dir.resolve("modelgate.yaml");
      byte[] content = withPortZero(yaml).getBytes(StandardCharsets.UTF_8);
      Files.write(file, content);
      GatewayConfig config = ConfigLoader.load(file, (String name) -> null);
      Gateway gateway =
          Gateway.start(
              new Gateway.Options(
                  config,
                  file,
                  content,
                  watchInterval,
                  (String name) -> null,
                  log,
                  CallListener.NONE),
              clock);
      return new TestGateway(gateway, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String withPortZero(String yaml) {
    return yaml.contains("server:") ? yaml : "server:\n  host: 127.0.0.1\n  port: 0\n" + yaml;
  }

  public int port() {
    return gateway.port();
  }

  /** The official OpenAI SDK pointed at this gateway with the test key, without retries. */
  public com.openai.client.OpenAIClient openAiClient() {
    return openAiClient(KEY);
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** The admin API's base URL, path prefix included ({@code admin.path}, default /admin). */
  public String adminUrl() {
    return "http://127.0.0.1:"
        + gateway.adminPort()
        + gateway.runtime().get().config().admin().path();
  }

  public Gateway gateway() {
    return gateway;
  }

  /** One blocking chat call to {@code model} with the test key, asserted to succeed. */
  public HttpProbe.Result chat(String model) {
    HttpProbe.Result answer =
        HttpProbe.post(
            baseUrl() + "/v1/chat/completions",
            KEY,
            "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    if (answer.status() != 200) {
      throw new AssertionError(
          "chat with " + model + " answered " + answer.status() + ": " + answer.body());
    }
    return answer;
  }

  /** Rewrites the configuration file (the watcher picks it up). */
  public void rewrite(String yaml) {
    try {
      Files.writeString(configFile, withPortZero(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    gateway.close();
    TestDatabases.deleteTree(configFile.getParent());
  }
}
