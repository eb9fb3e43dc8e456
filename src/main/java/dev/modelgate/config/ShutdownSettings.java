package dev.modelgate.config;

import java.time.Duration;

/**
 * How the gateway stops ({@code server.shutdown}). On SIGTERM {@code /readyz} answers 503 at once;
 * for {@code preStopDelay} new requests are still served (a load balancer or a Kubernetes Service
 * takes a few seconds to stop sending); then new requests get 503 and calls in flight, streams
 * included, get up to {@code drainTimeout} to finish before the rest end with an error event.
 */
public record ShutdownSettings(Duration preStopDelay, Duration drainTimeout) {
  public static final ShutdownSettings DEFAULT =
      new ShutdownSettings(Duration.ZERO, Duration.ofSeconds(30));

  static ShutdownSettings parse(ConfigNode node) {
    node.allowOnly(java.util.Set.of("pre_stop_delay", "drain_timeout"));
    return new ShutdownSettings(
        node.duration("pre_stop_delay", DEFAULT.preStopDelay()),
        node.duration("drain_timeout", DEFAULT.drainTimeout()));
  }
}
