package dev.modelgate.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.config.ConfigLoader;
import dev.modelgate.config.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Which edits of a reloaded file need a restart to take effect, as the reload's warning names. */
class ReloadGateTest {
  private static final String BASE =
      """
      server: {host: 127.0.0.1, port: 8080}
      upstreams:
        - {name: offline, type: echo}
      routes:
        - {model: a, targets: [{upstream: offline}]}
      """;

  private static GatewayConfig parse(String yaml) {
    return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), name -> null, Path.of("data"));
  }

  @Test
  void theSameFileAndLiveSectionsNeedNoRestart() {
    GatewayConfig running = parse(BASE);
    assertThat(ReloadGate.startOnlyChanges(running, parse(BASE))).isEmpty();
    GatewayConfig routesChanged =
        parse(BASE.replace("model: a,", "model: b,") + "rate_limits: {}\n");
    assertThat(ReloadGate.startOnlyChanges(running, routesChanged)).isEmpty();
  }

  @Test
  void sectionsReadAtStartAreNamedWhenTheyChange() {
    GatewayConfig running = parse(BASE);
    GatewayConfig next =
        parse(
            BASE.replace("port: 8080", "port: 9090")
                + "store: {refresh_interval: 5s}\n"
                + "shared: {redis: {url: \"redis://127.0.0.1:6379\"}}\n");
    assertThat(ReloadGate.startOnlyChanges(running, next))
        .containsExactly("server.port", "store", "shared");
  }
}
