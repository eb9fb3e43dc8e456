package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.auth.ApiKeys;
import dev.modelgate.store.StoreSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code store:} and {@code admin:} sections: defaults, values, and path-qualified errors. */
class StoreAndAdminConfigTest {
  private static final Path DATA = Path.of("some-data");

  private static GatewayConfig parse(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml.getBytes(StandardCharsets.UTF_8), env::get, DATA);
  }

  private static List<String> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml, Map.of()));
    assertThat(e).as("expected the configuration to be rejected").isNotNull();
    return e.problems();
  }

  @Test
  void withoutSectionsTheStoreIsSqliteInTheDataDirectoryAndTheAdminApiIsOff() {
    GatewayConfig config = parse("{}", Map.of());
    assertThat(config.store().url()).isEqualTo("jdbc:sqlite:" + DATA.resolve("modelgate.db"));
    assertThat(config.store().refreshInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.store().pool()).isEqualTo(StoreSettings.Pool.DEFAULT);
    assertThat(config.admin().enabled()).isFalse();
    assertThat(parse("data_dir: /srv/mg\n", Map.of()).store().url())
        .isEqualTo("jdbc:sqlite:" + Path.of("/srv/mg").resolve("modelgate.db"));
  }

  @Test
  void everyStoreAndAdminSettingIsRead() {
    String hash = ApiKeys.hash("mg-admin-token");
    GatewayConfig config =
        parse(
            """
            store:
              url: jdbc:postgresql://db:5432/modelgate
              user: gateway
              password: ${PGPASSWORD}
              refresh_interval: 500ms
              pool: {max_size: 4, min_idle: 0, connection_timeout: 3s, idle_timeout: 1m, max_lifetime: 20m}
            admin:
              host: 0.0.0.0
              port: 9090
              path: /ops
              tokens:
                - name: ops
                  hash: %s
            """
                .formatted(hash),
            Map.of("PGPASSWORD", "s3cret"));
    StoreSettings store = config.store();
    assertThat(store.user()).isEqualTo("gateway");
    assertThat(store.password()).isEqualTo("s3cret");
    assertThat(store.toString()).doesNotContain("s3cret");
    assertThat(store.refreshInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(store.pool())
        .isEqualTo(
            new StoreSettings.Pool(
                4, 0, Duration.ofSeconds(3), Duration.ofMinutes(1), Duration.ofMinutes(20)));
    assertThat(config.admin())
        .isEqualTo(
            new AdminSettings(
                true, "0.0.0.0", 9090, "/ops", List.of(new AdminSettings.Token("ops", hash))));
  }

  @Test
  void problemsNameTheirPath() {
    assertThat(
            problems(
                """
                server: {port: 8080}
                store:
                  url: jdbc:oracle:thin:@db
                  refresh_interval: 1ms
                  pool: {max_size: 0, size: 3}
                admin:
                  port: 8080
                  path: admin/
                  tokens:
                    - name: ops
                      hash: mg-plain-token
                    - name: ci
                      hash: sha256:0000000000000000000000000000000000000000000000000000000000000000
                      role: superuser
                """))
        .containsExactlyInAnyOrder(
            "store.url: unsupported database 'jdbc:oracle:thin:@db': use jdbc:sqlite:,"
                + " jdbc:postgresql:, jdbc:mariadb: or jdbc:mysql:",
            "store.refresh_interval: must be at least 10ms",
            "store.pool.size: unknown field (expected one of [connection_timeout, idle_timeout,"
                + " max_lifetime, max_size, min_idle])",
            "store.pool.max_size: must be between 1 and 1000, not 0",
            "admin.port: must differ from server.port (8080)",
            "admin.path: must start with / and not end with one, like /admin",
            "admin.tokens[0].hash: must be 'sha256:' and 64 hex digits, as `modelgate keys hash`"
                + " prints (never the token itself)",
            "admin.tokens[1].role: must be one of [admin, operator, viewer]");
    GatewayConfig usersOnly = parse("admin: {port: 9000}\n", Map.of());
    assertThat(usersOnly.admin().enabled()).as("admin users log in without tokens").isTrue();
    assertThat(usersOnly.admin().tokens()).isEmpty();
  }
}
