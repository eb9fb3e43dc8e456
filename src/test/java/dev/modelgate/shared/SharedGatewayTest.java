package dev.modelgate.shared;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.testkit.Await;
import dev.modelgate.testkit.HttpProbe;
import dev.modelgate.testkit.TestGateway;
import dev.modelgate.testkit.TestRedis;
import org.junit.jupiter.api.Test;

/** A gateway with {@code shared:} opens the link, shows its state in /metrics and closes it. */
class SharedGatewayTest {
  @Test
  void theGaugeFollowsRedis() {
    try (TestRedis.PrivateServer redis = TestRedis.privateServer();
        TestGateway gateway =
            TestGateway.start(
                TestGateway.authBlock()
                    + TestGateway.echoRoutes("echo")
                    + "shared:\n  redis: {url: '"
                    + redis.url()
                    + "', timeout: 300ms}\n  health_interval: 100ms\n")) {
      RedisLink link = gateway.gateway().shared();
      assertThat(link).isNotNull();
      assertThat(metrics(gateway)).contains("modelgate_shared_redis_up 1.0");

      redis.stop();
      Await.until(() -> metrics(gateway).contains("modelgate_shared_redis_up 0.0"), "gauge 0");
      redis.start();
      Await.until(() -> metrics(gateway).contains("modelgate_shared_redis_up 1.0"), "gauge 1");
    }
  }

  @Test
  void withoutTheSectionThereIsNoLink() {
    try (TestGateway gateway =
        TestGateway.start(TestGateway.authBlock() + TestGateway.echoRoutes("echo"))) {
      assertThat(gateway.gateway().shared()).isNull();
      assertThat(metrics(gateway)).doesNotContain("modelgate_shared_redis_up");
    }
  }

  private static String metrics(TestGateway gateway) {
    return HttpProbe.get(gateway.baseUrl() + "/metrics", TestGateway.KEY).body();
  }
}
