package dev.modelgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelgate.shared.SharedSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code shared:} section: every key read, defaults, path-qualified refusals. */
class SharedConfigTest {
  private static GatewayConfig parse(String yaml) {
    return ConfigLoader.parse(
        yaml.getBytes(StandardCharsets.UTF_8),
        name -> name.equals("REDIS_PASSWORD") ? "s3cret" : null,
        Path.of("data"));
  }

  private static List<String> problems(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> parse(yaml)).problems();
  }

  @Test
  void everyKeyIsRead() {
    SharedSettings shared =
        parse(
                """
                shared:
                  redis:
                    url: redis://10.0.0.5:6380/2
                    password: ${REDIS_PASSWORD}
                    timeout: 250ms
                    pool_max: 8
                  key_prefix: "prod:"
                  local_share: 0.25
                  health_interval: 2s
                """)
            .shared();
    assertThat(shared.enabled()).isTrue();
    SharedSettings.Redis redis = shared.redis();
    assertThat(redis).isNotNull();
    assertThat(redis.url()).isEqualTo(URI.create("redis://10.0.0.5:6380/2"));
    assertThat(redis.password()).isEqualTo("s3cret");
    assertThat(redis.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(redis.poolMax()).isEqualTo(8);
    assertThat(shared.keyPrefix()).isEqualTo("prod:");
    assertThat(shared.localShare()).isEqualTo(0.25);
    assertThat(shared.healthInterval()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void aClusterIsGivenByItsSeedNodesAndItsKeysShareOneHashTag() {
    SharedSettings shared =
        parse(
                """
                shared:
                  redis: {cluster: ['redis://10.0.0.1:7000', 'rediss://10.0.0.2:7001/0']}
                """)
            .shared();
    SharedSettings.Redis redis = shared.redis();
    assertThat(redis).isNotNull();
    assertThat(redis.clustered()).isTrue();
    assertThat(redis.cluster())
        .containsExactly(
            URI.create("redis://10.0.0.1:7000"), URI.create("rediss://10.0.0.2:7001/0"));
    assertThat(redis.url()).isEqualTo(URI.create("redis://10.0.0.1:7000"));
    assertThat(shared.keyPrefixInUse()).isEqualTo("{mg:}");
    assertThat(redis.toString()).contains("cluster of 2 seeds");

    SharedSettings tagged =
        parse("shared: {redis: {cluster: ['redis://h:1']}, key_prefix: '{gw}:prod:'}").shared();
    assertThat(tagged.keyPrefixInUse()).isEqualTo("{gw}:prod:");
    SharedSettings single = parse("shared: {redis: {url: 'redis://h:1'}}").shared();
    assertThat(single.keyPrefixInUse()).isEqualTo("mg:");
  }

  @Test
  void aClusterHasNoUrlBesideItAndNoDatabaseButZero() {
    assertThat(problems("shared: {redis: {url: 'redis://a:1', cluster: ['redis://b:2']}}"))
        .containsExactly(
            "shared.redis.cluster: names a cluster's seed nodes instead of url: give one of them");
    assertThat(problems("shared: {redis: {cluster: ['redis://b:2/3']}}"))
        .contains("shared.redis.cluster: a cluster has database 0 only, not '/3' in redis://b:2/3");
    assertThat(problems("shared: {redis: {cluster: ['http://b:2']}}"))
        .contains(
            "shared.redis.cluster: must be an absolute URL with scheme [redis, rediss], not"
                + " 'http://b:2'");
  }

  @Test
  void withoutTheSectionNothingIsShared() {
    assertThat(parse("{}").shared()).isEqualTo(SharedSettings.NONE);
    assertThat(SharedSettings.NONE.keyPrefix()).isEqualTo("mg:");
    assertThat(SharedSettings.NONE.localShare()).isEqualTo(0.5);
  }

  @Test
  void defaultsOfTheRedisKeys() {
    SharedSettings.Redis redis = parse("shared: {redis: {url: 'redis://h'}}").shared().redis();
    assertThat(redis).isNotNull();
    assertThat(redis.timeout()).isEqualTo(SharedSettings.Redis.DEFAULT_TIMEOUT);
    assertThat(redis.poolMax()).isEqualTo(SharedSettings.Redis.DEFAULT_POOL_MAX);
    assertThat(redis.password()).isNull();
  }

  @Test
  void passwordsNeverPrint() {
    SharedSettings.Redis redis =
        parse("shared: {redis: {url: 'redis://:pw1@h:1/3', password: pw2}}").shared().redis();
    assertThat(String.valueOf(redis)).doesNotContain("pw1").doesNotContain("pw2");
    assertThat(redis.address()).isEqualTo("redis://h:1/3");
  }

  @Test
  void problemsNameTheirPath() {
    assertThat(
            problems(
                """
                shared:
                  redis: {url: 'http://h:1', pool_max: 0, timeout: 0ms, db: 1}
                  key_prefix: ""
                  local_share: 1.5
                  health_interval: 10ms
                  extra: 1
                """))
        .containsExactlyInAnyOrder(
            "shared.extra: unknown field (expected one of [health_interval, key_prefix,"
                + " local_share, redis])",
            "shared.key_prefix: must be a non-empty prefix without spaces, like 'mg:'",
            "shared.local_share: must be between 0.0 and 1.0, not 1.5",
            "shared.health_interval: must be at least 50ms",
            "shared.redis.db: unknown field (expected one of [cluster, password, pool_max, timeout,"
                + " url])",
            "shared.redis.url: must be an absolute URL with scheme [redis, rediss], not"
                + " 'http://h:1'",
            "shared.redis.timeout: must be at least 1ms",
            "shared.redis.pool_max: must be between 1 and 10000, not 0");
  }

  @Test
  void theUrlIsRequiredAndItsPathIsADatabase() {
    assertThat(problems("shared: {redis: {timeout: 1s}}"))
        .containsExactly(
            "shared.redis.url: is required (or cluster:), like redis://127.0.0.1:6379/0");
    assertThat(problems("shared: {redis: {url: 'redis://h/abc'}}"))
        .containsExactly(
            "shared.redis.url: the path must be a database number like /0, not '/abc'");
  }
}
