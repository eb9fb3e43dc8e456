package dev.modelgate.route;

import java.time.Duration;

/**
 * An active check of one upstream: how often, how many results in a row change its state, and the
 * probe itself (it returns normally when the upstream is fine and throws when it is not).
 */
public record HealthCheck(
    String upstream, Duration interval, int unhealthyAfter, int healthyAfter, Probe probe) {

  /** One look at the upstream. */
  @FunctionalInterface
  public interface Probe {
    void check() throws Exception;
  }
}
