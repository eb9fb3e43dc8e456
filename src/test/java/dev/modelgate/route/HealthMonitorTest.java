package dev.modelgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A checked upstream leaves rotation after failures in a row and returns after passes. */
class HealthMonitorTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final HealthMonitor monitor = new HealthMonitor(clock);
  private final AtomicBoolean up = new AtomicBoolean(true);
  private final HealthCheck check =
      new HealthCheck(
          "vllm",
          Duration.ofSeconds(10),
          2,
          2,
          () -> {
            if (!up.get()) {
              throw new IOException("connection refused");
            }
          });

  @Test
  void startsInRotationLeavesAfterTwoFailuresAndReturnsAfterTwoPasses() {
    TargetHealth health = monitor.healthOf("vllm");
    int[] passes = {0};
    assertThat(health.inRotation()).as("before the first check").isTrue();
    assertThat(health.view().status()).isEqualTo(TargetHealth.Status.STARTING);

    monitor.checkOnce(check, health, passes);
    assertThat(health.view().status()).isEqualTo(TargetHealth.Status.STARTING);
    monitor.checkOnce(check, health, passes);
    assertThat(health.view().status()).isEqualTo(TargetHealth.Status.HEALTHY);

    up.set(false);
    monitor.checkOnce(check, health, passes);
    assertThat(health.inRotation()).as("one failure is not enough").isTrue();
    assertThat(health.view().failuresInARow()).isEqualTo(1);
    monitor.checkOnce(check, health, passes);
    assertThat(health.inRotation()).isFalse();
    assertThat(health.view().lastError()).isEqualTo("IOException: connection refused");
    assertThat(health.view().changedAt()).isEqualTo(clock.instant());

    up.set(true);
    monitor.checkOnce(check, health, passes);
    assertThat(health.inRotation()).as("one pass is not enough").isFalse();
    monitor.checkOnce(check, health, passes);
    assertThat(health.inRotation()).isTrue();
    assertThat(health.view().lastError()).isNull();
  }

  @Test
  void aFailureBetweenPassesRestartsTheCount() {
    TargetHealth health = monitor.healthOf("vllm");
    int[] passes = {0};
    up.set(false);
    monitor.checkOnce(check, health, passes);
    monitor.checkOnce(check, health, passes);
    up.set(true);
    monitor.checkOnce(check, health, passes);
    up.set(false);
    monitor.checkOnce(check, health, passes);
    up.set(true);
    monitor.checkOnce(check, health, passes);
    assertThat(health.inRotation()).isFalse();
  }

  @Test
  void stateOutlivesAReloadThatKeepsTheUpstream() {
    TargetHealth before = monitor.healthOf("vllm");
    monitor.watch(java.util.List.of());
    assertThat(monitor.healthOf("vllm")).as("dropped when no longer checked").isNotSameAs(before);
    TargetHealth kept = monitor.healthOf("vllm");
    monitor.watch(java.util.List.of(check));
    assertThat(monitor.healthOf("vllm")).isSameAs(kept);
    monitor.close();
  }
}
