package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.auth.BootstrapKey;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration used without a file: echo always, one upstream per provider key found. */
class EmbeddedDefaultTest {
  @TempDir Path dir;

  @Test
  void offersEchoAndTheProvidersWhoseKeysAreSet() {
    Map<String, String> env =
        Map.of(
            "DEEPSEEK_API_KEY", "sk-ds",
            "DASHSCOPE_API_KEY", "sk-qwen",
            "OPENAI_API_KEY", " ",
            "ANTHROPIC_API_KEY", "sk-ant");
    GatewayConfig config =
        EmbeddedDefault.build(env::get, dir, "127.0.0.1", 8080, ApiKeys.hash("k"));

    assertThat(config.upstreams())
        .extracting(GatewayConfig.Upstream::name)
        .containsExactly("echo", "anthropic", "deepseek", "dashscope");
    assertThat(config.routes())
        .extracting(GatewayConfig.RouteSpec::model)
        .contains(
            "echo",
            "claude-sonnet-4-5",
            "anthropic/*",
            "deepseek-chat",
            "deepseek-reasoner",
            "deepseek/*",
            "qwen-plus",
            "dashscope/*")
        .doesNotContain("gpt-4o");
    assertThat(config.upstreams().get(2).apiKey().toString()).doesNotContain("sk-ds");
    assertThat(EmbeddedDefault.detected(env::get))
        .containsExactly("anthropic", "deepseek", "dashscope");
    assertThat(config.upstreams().get(1).type()).isEqualTo("anthropic");
    assertThat(config.upstreams().get(1).type()).isEqualTo("anthropic");
    try (ClientCache clients = new ClientCache(Duration.ZERO)) {
      Runtime runtime = new RuntimeCompiler(clients).compile(config, "embedded default");
      assertThat(
              runtime
                  .router()
                  .find("deepseek/deepseek-v3")
                  .upstreamModel(
                      runtime.router().find("deepseek/deepseek-v3").route().targets().getFirst()))
          .isEqualTo("deepseek-v3");
    }
  }

  @Test
  void theBootstrapKeyIsPrintedOnceAndOnlyItsHashIsKept() throws Exception {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    String hash = BootstrapKey.ensure(dir, new PrintStream(first, true, StandardCharsets.UTF_8));
    Matcher key =
        Pattern.compile("(mg-[A-Za-z0-9_-]{20,})").matcher(first.toString(StandardCharsets.UTF_8));
    assertThat(key.find()).isTrue();
    assertThat(ApiKeys.hash(key.group(1))).isEqualTo(hash);
    String stored = Files.readString(dir.resolve("bootstrap-key.sha256"));
    assertThat(stored).doesNotContain(key.group(1)).contains(hash);

    ByteArrayOutputStream second = new ByteArrayOutputStream();
    assertThat(BootstrapKey.ensure(dir, new PrintStream(second, true, StandardCharsets.UTF_8)))
        .isEqualTo(hash);
    assertThat(second.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
