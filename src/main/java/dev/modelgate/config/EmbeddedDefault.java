package dev.modelgate.config;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.provider.spi.Secret;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The configuration used when no file is given: the offline {@code echo} model, and one upstream
 * for each provider key found in the environment, reachable as {@code <upstream>/<any model>} and
 * by the provider's well-known model names.
 */
public final class EmbeddedDefault {
  /** A provider recognised by its key variable. */
  private record Known(
      String env,
      String name,
      String type,
      String dialect,
      String baseUrlEnv,
      List<String> models) {}

  private static final List<Known> KNOWN =
      List.of(
          new Known(
              "ANTHROPIC_API_KEY",
              "anthropic",
              "anthropic",
              "",
              "ANTHROPIC_BASE_URL",
              List.of("claude-sonnet-4-5", "claude-opus-4-1", "claude-haiku-4-5")),
          new Known(
              "GEMINI_API_KEY",
              "gemini",
              "gemini",
              "",
              "GEMINI_BASE_URL",
              List.of("gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite")),
          new Known(
              "OPENAI_API_KEY",
              "openai",
              "openai",
              "openai",
              "OPENAI_BASE_URL",
              List.of(
                  "gpt-4o",
                  "gpt-4o-mini",
                  "gpt-4.1",
                  "gpt-4.1-mini",
                  "gpt-4.1-nano",
                  "o3-mini",
                  "o4-mini",
                  "text-embedding-3-small",
                  "text-embedding-3-large")),
          new Known(
              "DEEPSEEK_API_KEY",
              "deepseek",
              "openai",
              "deepseek",
              "DEEPSEEK_BASE_URL",
              List.of("deepseek-chat", "deepseek-reasoner")),
          new Known(
              "DASHSCOPE_API_KEY",
              "dashscope",
              "openai",
              "dashscope",
              "DASHSCOPE_BASE_URL",
              List.of(
                  "qwen-max",
                  "qwen-plus",
                  "qwen-turbo",
                  "qwen-long",
                  "qwq-plus",
                  "text-embedding-v3")),
          new Known(
              "ZHIPUAI_API_KEY",
              "zhipu",
              "openai",
              "zhipu",
              "ZHIPUAI_BASE_URL",
              List.of("glm-4-plus", "glm-4-air", "glm-4-flash", "embedding-3")),
          new Known(
              "MOONSHOT_API_KEY",
              "moonshot",
              "openai",
              "moonshot",
              "MOONSHOT_BASE_URL",
              List.of("moonshot-v1-8k", "moonshot-v1-32k", "moonshot-v1-128k")),
          new Known(
              "SILICONFLOW_API_KEY",
              "siliconflow",
              "openai",
              "siliconflow",
              "SILICONFLOW_BASE_URL",
              List.of()));

  private EmbeddedDefault() {}

  public static GatewayConfig build(
      Function<String, @Nullable String> env,
      Path dataDir,
      String host,
      int port,
      String bootstrapHash) {
    List<GatewayConfig.Upstream> upstreams = new ArrayList<>();
    List<GatewayConfig.RouteSpec> routes = new ArrayList<>();
    upstreams.add(
        new GatewayConfig.Upstream(
            "echo",
            "echo",
            null,
            null,
            Map.of(),
            UpstreamSettings.DEFAULT,
            Timeouts.DEFAULT,
            JsonNodeFactory.instance.objectNode(),
            null,
            null,
            null,
            null));
    routes.add(route("echo", "echo", "echo", true));
    for (Known known : KNOWN) {
      String key = env.apply(known.env());
      if (key == null || !isSet(key)) {
        continue;
      }
      String base = env.apply(known.baseUrlEnv());
      upstreams.add(
          new GatewayConfig.Upstream(
              known.name(),
              known.type(),
              base == null || !isSet(base) ? null : URI.create(base.strip()),
              new Secret(key.strip()),
              Map.of(),
              UpstreamSettings.DEFAULT,
              Timeouts.DEFAULT,
              known.dialect().isEmpty()
                  ? JsonNodeFactory.instance.objectNode()
                  : options(known.dialect()),
              null,
              null,
              null,
              null));
      routes.add(route(known.name() + "/*", known.name(), "*", false));
      for (String model : known.models()) {
        routes.add(route(model, known.name(), model, true));
      }
    }
    return new GatewayConfig(
        new GatewayConfig.Server(host, port, ConfigParser.DEFAULT_MAX_BODY, Duration.ofSeconds(1)),
        dataDir,
        new GatewayConfig.Auth(
            List.of(new GatewayConfig.Key("bootstrap", bootstrapHash, List.of("*"), true)), false),
        upstreams,
        routes);
  }

  /** The names of the providers whose keys are set. */
  public static List<String> detected(Function<String, @Nullable String> env) {
    return KNOWN.stream().filter(k -> isSet(env.apply(k.env()))).map(Known::name).toList();
  }

  private static boolean isSet(@Nullable String value) {
    return value != null && !value.isBlank();
  }

  private static GatewayConfig.RouteSpec route(
      String model, String upstream, String upstreamModel, boolean listed) {
    return new GatewayConfig.RouteSpec(
        model, listed, List.of(new GatewayConfig.TargetSpec(upstream, upstreamModel, null)));
  }

  private static ObjectNode options(String dialect) {
    return JsonNodeFactory.instance.objectNode().put("dialect", dialect);
  }
}
