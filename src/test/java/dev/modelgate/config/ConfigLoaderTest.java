package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.modelgate.auth.ApiKeys;
import dev.modelgate.provider.spi.Secret;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path DATA = Path.of("default-data");
  private static final Function<String, String> NO_ENV = name -> null;
  private static final String TEAM_KEY = "mg-team-key-for-tests";
  private static final String CI_KEY = "mg-ci-key-for-tests";

  private static GatewayConfig parse(String yaml) {
    return parse(yaml, NO_ENV);
  }

  private static GatewayConfig parse(String yaml, Function<String, String> env) {
    return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), env, DATA);
  }

  private static List<String> problems(String yaml) {
    return problems(yaml, NO_ENV);
  }

  private static List<String> problems(String yaml, Function<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml, env));
    assertThat(e).as("expected the configuration to be rejected").isNotNull();
    assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
    return e.problems();
  }

  private static String fullConfig() {
    return """
        server:
          host: 0.0.0.0
          port: 9090
          max_body_bytes: 8MiB
          sse_keepalive: 15s
        data_dir: /srv/modelgate
        auth:
          allow_anonymous: false
          keys:
            - name: team
              hash: %s
              models: ["gpt-4o", "deepseek/*"]
            - name: ci
              hash: %s
        upstreams:
          - name: openai
            type: openai
            base_url: https://api.openai.com/v1
            api_key: sk-test-openai
            headers:
              OpenAI-Organization: org-123
              X-Team: search
            pool:
              max_connections: 64
              max_queued: 100
              idle_eviction: 30s
              http2: false
            timeouts:
              connect: 5s
              first_byte: 30s
              idle: 20s
              total: 10m
            proxy: http://proxy.internal:3128
          - name: deepseek
            type: openai
            dialect: deepseek
            api_key: sk-test-deepseek
            timeouts:
              first_byte: 250ms
          - name: echo
            type: echo
        routes:
          - model: gpt-4o
            targets:
              - upstream: openai
                model: gpt-4o-2024-08-06
                timeouts:
                  total: 2m
              - upstream: echo
          - model: deepseek/*
            targets:
              - upstream: deepseek
          - model: internal-echo
            listed: false
            targets:
              - upstream: echo
                model: echo
        """
        .formatted(ApiKeys.hash(TEAM_KEY), ApiKeys.hash(CI_KEY));
  }

  @Test
  void parsesFullConfiguration() {
    GatewayConfig config = parse(fullConfig());

    assertThat(config.server())
        .isEqualTo(
            new GatewayConfig.Server("0.0.0.0", 9090, 8L * 1024 * 1024, Duration.ofSeconds(15)));
    assertThat(config.dataDir()).isEqualTo(Path.of("/srv/modelgate"));
    assertThat(config.auth())
        .isEqualTo(
            new GatewayConfig.Auth(
                List.of(
                    new GatewayConfig.Key(
                        "team", ApiKeys.hash(TEAM_KEY), List.of("gpt-4o", "deepseek/*")),
                    new GatewayConfig.Key("ci", ApiKeys.hash(CI_KEY), List.of("*"))),
                false));
  }

  @Test
  void parsesUpstreams() {
    List<GatewayConfig.Upstream> upstreams = parse(fullConfig()).upstreams();

    Timeouts openAiTimeouts =
        new Timeouts(
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofSeconds(20),
            Duration.ofMinutes(10));
    assertThat(upstreams.get(0))
        .isEqualTo(
            new GatewayConfig.Upstream(
                "openai",
                "openai",
                URI.create("https://api.openai.com/v1"),
                new Secret("sk-test-openai"),
                Map.of("OpenAI-Organization", "org-123", "X-Team", "search"),
                new UpstreamSettings(
                    64,
                    100,
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(5),
                    false,
                    URI.create("http://proxy.internal:3128"),
                    null,
                    false,
                    null,
                    null,
                    "auto"),
                openAiTimeouts,
                JsonNodeFactory.instance.objectNode(),
                null,
                null,
                null,
                null));

    GatewayConfig.Upstream deepseek = upstreams.get(1);
    assertThat(deepseek.baseUrl()).isNull();
    assertThat(deepseek.apiKey()).isEqualTo(new Secret("sk-test-deepseek"));
    assertThat(deepseek.options())
        .isEqualTo(JsonNodeFactory.instance.objectNode().put("dialect", "deepseek"));
    assertThat(deepseek.client()).isEqualTo(UpstreamSettings.DEFAULT);
    assertThat(deepseek.timeouts())
        .isEqualTo(
            new Timeouts(
                Timeouts.DEFAULT.connect(),
                Duration.ofMillis(250),
                Timeouts.DEFAULT.idle(),
                Timeouts.DEFAULT.total()));

    GatewayConfig.Upstream echo = upstreams.get(2);
    assertThat(echo.type()).isEqualTo("echo");
    assertThat(echo.apiKey()).isNull();
    assertThat(echo.headers()).isEmpty();
  }

  @Test
  void parsesRoutesWithWildcard() {
    List<GatewayConfig.RouteSpec> routes = parse(fullConfig()).routes();

    assertThat(routes)
        .extracting(GatewayConfig.RouteSpec::model)
        .containsExactly("gpt-4o", "deepseek/*", "internal-echo");
    GatewayConfig.RouteSpec gpt = routes.get(0);
    assertThat(gpt.listed()).isTrue();
    assertThat(gpt.targets()).hasSize(2);
    assertThat(gpt.targets().get(0).upstream()).isEqualTo("openai");
    assertThat(gpt.targets().get(0).model()).isEqualTo("gpt-4o-2024-08-06");
    assertThat(gpt.targets().get(0).timeouts()).isNotNull();
    assertThat(gpt.targets().get(0).timeouts().total()).isEqualTo(Duration.ofMinutes(2));
    assertThat(gpt.targets().get(1))
        .as("a target without a model serves the route's name, and the upstream's timeouts")
        .isEqualTo(new GatewayConfig.TargetSpec("echo", "gpt-4o", null));

    assertThat(routes.get(1))
        .isEqualTo(
            new GatewayConfig.RouteSpec(
                "deepseek/*", true, List.of(new GatewayConfig.TargetSpec("deepseek", "*", null))));
    assertThat(routes.get(2).listed()).isFalse();
  }

  @Test
  void shutdownKeysAreReadAndUnknownOnesRefused() {
    GatewayConfig config =
        parse("server:\n  shutdown:\n    pre_stop_delay: 5s\n    drain_timeout: 45s\n");
    assertThat(config.server().shutdown())
        .isEqualTo(new ShutdownSettings(Duration.ofSeconds(5), Duration.ofSeconds(45)));
    assertThat(parse("").server().shutdown()).isEqualTo(ShutdownSettings.DEFAULT);
    assertThat(problems("server:\n  shutdown:\n    drain: 5s\n"))
        .anySatisfy(p -> assertThat(p).contains("server.shutdown.drain"));
  }

  @Test
  void emptyDocumentGivesDefaults() {
    GatewayConfig config = parse("");

    assertThat(config.server())
        .isEqualTo(
            new GatewayConfig.Server(
                "127.0.0.1", 8080, ConfigParser.DEFAULT_MAX_BODY, Duration.ofSeconds(1)));
    assertThat(config.dataDir()).isEqualTo(DATA);
    assertThat(config.auth().keys()).isEmpty();
    assertThat(config.upstreams()).isEmpty();
    assertThat(config.routes()).isEmpty();
  }

  @Test
  void loadReadsFileAndDefaultsDataDirNextToIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("modelgate.yaml");
    Files.writeString(
        file,
        """
        upstreams:
          - {name: echo, type: echo}
        routes:
          - {model: echo, targets: [{upstream: echo}]}
        """);

    GatewayConfig config = ConfigLoader.load(file, NO_ENV);

    assertThat(config.dataDir()).isEqualTo(dir.toAbsolutePath().resolve("data"));
    assertThat(config.routes()).hasSize(1);
  }

  @Test
  void loadNamesUnreadableFile(@TempDir Path dir) {
    Path missing = dir.resolve("missing.yaml");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(missing, NO_ENV));

    assertThat(e.getMessage()).startsWith(missing + ": cannot read");
  }

  @Test
  void invalidYamlIsReported() {
    List<String> problems = problems("server:\n  port: [1, 2\n");

    assertThat(problems).singleElement().asString().startsWith("not valid YAML");
  }

  @Test
  void unknownTopLevelField() {
    assertThat(problems("servers:\n  port: 1\n"))
        .containsExactly(
            "servers: unknown field (expected one of [admin, auth, budgets, data_dir, guardrails,"
                + " observability, routes, server, shared, store, upstreams, usage, vault])");
  }

  @Test
  void unknownFieldInNestedTarget() {
    String yaml =
        """
        upstreams:
          - {name: a, type: echo}
        routes:
          - model: one
            targets: [{upstream: a}]
          - model: two
            targets:
              - upstream: a
                priority: 3
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "routes[1].targets[0].priority: unknown field (expected one of [model, timeouts, upstream, weight])");
  }

  @Test
  void unknownUpstreamReferenced() {
    String yaml =
        """
        upstreams:
          - {name: a, type: echo}
        routes:
          - model: m
            targets: [{upstream: x}]
        """;

    assertThat(String.join("\n", problems(yaml)))
        .contains("routes[0].targets[0].upstream: unknown upstream 'x'");
  }

  @Test
  void badDuration() {
    String yaml =
        """
        upstreams:
          - name: a
            type: echo
            timeouts:
              connect: 10 seconds
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "upstreams[0].timeouts.connect: '10 seconds' is not a duration (write 250ms, 30s, 5m or 1h)");
  }

  @Test
  void isoDurationIsAccepted() {
    GatewayConfig config = parse("server:\n  sse_keepalive: PT2.5S\n");

    assertThat(config.server().sseKeepAlive()).isEqualTo(Duration.ofMillis(2500));
  }

  @Test
  void portOutOfRange() {
    assertThat(problems("server:\n  port: 70000\n"))
        .containsExactly("server.port: must be between 0 and 65535, not 70000");
    assertThat(problems("server:\n  port: -1\n"))
        .containsExactly("server.port: must be between 0 and 65535, not -1");
    assertThat(problems("server:\n  port: eighty\n"))
        .containsExactly("server.port: must be a whole number");
  }

  @Test
  void unknownProviderType() {
    assertThat(problems("upstreams:\n  - {name: a, type: bedrock}\n"))
        .containsExactly(
            "upstreams[0].type: unknown provider type 'bedrock'; known: "
                + dev.modelgate.provider.ProviderRegistry.types());
  }

  @Test
  void plainTextKeyInsteadOfHash() {
    String yaml =
        """
        auth:
          keys:
            - name: team
              hash: mg-this-is-the-key-itself
        """;

    List<String> problems = problems(yaml);

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith("auth.keys[0].hash: must be 'sha256:' and 64 hex digits");
    assertThat(problems.get(0)).doesNotContain("mg-this-is-the-key-itself");
  }

  @Test
  void interpolatesEnvironment() {
    Map<String, String> env = Map.of("OPENAI_KEY", "sk-from-env", "PORT", "9191", "TEAM", "search");
    String yaml =
        """
        server:
          port: ${PORT}
        upstreams:
          - name: openai
            type: openai
            api_key: ${OPENAI_KEY}
            base_url: ${OPENAI_BASE_URL:-https://api.openai.com/v1}
            headers:
              X-Team: team-${TEAM}-${REGION:-eu}
              X-Price: $$5 and $${NOT_A_VARIABLE}
        """;

    GatewayConfig config = parse(yaml, env::get);

    assertThat(config.server().port()).isEqualTo(9191);
    GatewayConfig.Upstream upstream = config.upstreams().get(0);
    assertThat(upstream.apiKey()).isEqualTo(new Secret("sk-from-env"));
    assertThat(upstream.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
    assertThat(upstream.headers())
        .containsEntry("X-Team", "team-search-eu")
        .containsEntry("X-Price", "$5 and ${NOT_A_VARIABLE}");
  }

  @Test
  void defaultAlsoReplacesAnEmptyVariableAsInShell() {
    // ${X:-default} means "X, or default when X is unset or empty" in POSIX shells and Compose;
    // an empty OPENAI_BASE_URL from an .env file must not become an empty base_url.
    Map<String, String> env = Map.of("BASE", "", "TEAM", "");
    String yaml =
        """
        upstreams:
          - name: openai
            type: openai
            base_url: ${BASE:-https://api.openai.com/v1}
            headers:
              X-Team: "[${TEAM}]"
        """;

    GatewayConfig.Upstream upstream = parse(yaml, env::get).upstreams().get(0);

    assertThat(upstream.baseUrl()).isEqualTo(URI.create("https://api.openai.com/v1"));
    assertThat(upstream.headers())
        .as("without a default, empty stays empty")
        .containsEntry("X-Team", "[]");
  }

  @Test
  void environmentValueIsNeverParsedAsYaml() {
    Map<String, String> env = Map.of("KEY", "a: b\n- [c]");

    GatewayConfig config =
        parse("upstreams:\n  - {name: a, type: openai, api_key: \"${KEY}\"}\n", env::get);

    assertThat(config.upstreams().get(0).apiKey()).isEqualTo(new Secret("a: b\n- [c]"));
  }

  @Test
  void unsetVariablesAreReportedWithTheirPaths() {
    String yaml =
        """
        upstreams:
          - name: openai
            type: openai
            api_key: ${OPENAI_KEY}
            headers:
              X-A: ${A}
        routes:
          - model: m
            targets: [{upstream: openai, model: "${MODEL}"}]
        """;

    assertThat(problems(yaml))
        .containsExactly(
            "upstreams[0].api_key: environment variable OPENAI_KEY is not set",
            "upstreams[0].headers.X-A: environment variable A is not set",
            "routes[0].targets[0].model: environment variable MODEL is not set");
  }

  @Test
  void reportsSeveralProblemsAtOnce() {
    String yaml =
        """
        server:
          port: 70000
          sse_keepalive: often
        auth:
          keys:
            - {name: k, hash: not-a-hash}
        upstreams:
          - {name: a, type: nonsense}
          - {name: a, type: echo}
        routes:
          - model: m
            targets: [{upstream: missing}]
          - model: m
            targets: []
        colour: blue
        """;

    List<String> problems = problems(yaml);

    assertThat(problems)
        .anyMatch(p -> p.startsWith("colour: unknown field"))
        .anyMatch(p -> p.startsWith("server.port: must be between"))
        .anyMatch(p -> p.startsWith("server.sse_keepalive: 'often' is not a duration"))
        .anyMatch(p -> p.startsWith("auth.keys[0].hash: must be 'sha256:'"))
        .anyMatch(p -> p.startsWith("upstreams[0].type: unknown provider type 'nonsense'"))
        .anyMatch(p -> p.equals("upstreams[1].name: duplicate upstream 'a'"))
        .anyMatch(p -> p.equals("routes[0].targets[0].upstream: unknown upstream 'missing'"))
        .anyMatch(p -> p.equals("routes[1].targets: a route needs at least one target"))
        .anyMatch(p -> p.equals("routes[1].model: duplicate route 'm'"))
        .hasSize(9);
  }

  @Test
  void wildcardMayOnlyEndARouteName() {
    String yaml =
        """
        upstreams:
          - {name: a, type: echo}
        routes:
          - model: "*/chat"
            targets: [{upstream: a}]
        """;

    assertThat(problems(yaml))
        .containsExactly("routes[0].model: '*' may only end a model name (a prefix route)");
  }

  @Test
  void requiredFieldsAreNamed() {
    String yaml =
        """
        upstreams:
          - {type: echo}
        routes:
          - targets: [{model: x}]
        """;

    assertThat(problems(yaml))
        .contains(
            "upstreams[0].name: is required",
            "routes[0].model: is required",
            "routes[0].targets[0].upstream: is required");
  }

  @Test
  void baseUrlMustBeHttp() {
    assertThat(problems("upstreams:\n  - {name: a, type: openai, base_url: ftp://x/v1}\n"))
        .singleElement()
        .asString()
        .startsWith("upstreams[0].base_url: must be an absolute URL");
  }
}
