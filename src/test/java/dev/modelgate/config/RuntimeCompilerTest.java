package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.auth.Principal;
import dev.modelgate.route.RouteMatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RuntimeCompilerTest {
  private final ClientCache clients = new ClientCache(Duration.ZERO);
  private final RuntimeCompiler compiler = new RuntimeCompiler(clients);

  @AfterEach
  void closeClients() {
    clients.close();
  }

  private static GatewayConfig config(String yaml) {
    return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), name -> null, Path.of("data"));
  }

  private ConfigException compileFailure(String yaml) {
    GatewayConfig config = config(yaml);
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> compiler.compile(config, "test"));
    assertThat(e).as("expected compilation to fail").isNotNull();
    return e;
  }

  @Test
  void unknownDialectNamesTheUpstream() {
    ConfigException e =
        compileFailure(
            """
            upstreams:
              - {name: a, type: echo}
              - {name: b, type: openai, dialect: klingon, base_url: "https://example.com/v1"}
            """);

    assertThat(e.problems()).hasSize(1);
    assertThat(e.problems().get(0))
        .startsWith("upstreams[1].dialect: unknown dialect 'klingon'; known: [")
        .contains("deepseek", "openai", "vllm");
  }

  @Test
  void unknownDialectAsFirstUpstream() {
    ConfigException e = compileFailure("upstreams:\n  - {name: a, type: openai, dialect: nope}\n");

    assertThat(e.problems()).singleElement().asString().startsWith("upstreams[0].dialect: ");
  }

  @Test
  void dialectWithoutPublicAddressNeedsBaseUrl() {
    ConfigException e =
        compileFailure("upstreams:\n  - {name: local, type: openai, dialect: vllm}\n");

    assertThat(e.problems())
        .containsExactly(
            "upstreams[0].base_url: required for dialect 'vllm' (it has no public default)");
  }

  @Test
  void everyBadUpstreamIsReported() {
    ConfigException e =
        compileFailure(
            """
            upstreams:
              - {name: a, type: openai, dialect: nope}
              - {name: b, type: echo, chunk_delay_ms: -5}
            """);

    assertThat(e.problems())
        .hasSize(2)
        .anyMatch(p -> p.startsWith("upstreams[0].dialect: "))
        .contains("upstreams[1].chunk_delay_ms: must not be negative");
  }

  @Test
  void compilesRoutesAndKeys() {
    String key = "mg-runtime-compiler-test";
    GatewayConfig config =
        config(
            """
            auth:
              keys:
                - {name: team, hash: "%s", models: ["deepseek/*"]}
            upstreams:
              - {name: echo, type: echo}
              - {name: deepseek, type: openai, dialect: deepseek, api_key: sk-x}
            routes:
              - model: deepseek/*
                targets: [{upstream: deepseek}]
              - model: echo
                targets: [{upstream: echo}]
            """
                .formatted(ApiKeys.hash(key)));

    Runtime runtime = compiler.compile(config, "inline");

    RouteMatch match = runtime.router().find("deepseek/deepseek-reasoner");
    assertThat(match).isNotNull();
    assertThat(match.upstreamModel(match.route().targets().get(0))).isEqualTo("deepseek-reasoner");
    assertThat(match.route().targets().get(0).endpoint()).isEqualTo("deepseek");
    assertThat(runtime.router().listed()).extracting(r -> r.model()).containsExactly("echo");
    assertThat(runtime.clientsInUse()).hasSize(1);
    assertThat(runtime.source()).isEqualTo("inline");

    Principal principal =
        runtime.authenticator().authenticate(Map.of("authorization", "Bearer " + key)::get);
    assertThat(principal.name()).isEqualTo("team");
    assertThat(principal.mayUse("deepseek/deepseek-chat")).isTrue();
    assertThat(principal.mayUse("echo")).isFalse();
  }
}
