package dev.modelgate.upstream;

import java.time.Duration;

/**
 * The four limits of one upstream exchange: to connect, to the response headers (first byte),
 * between two reads of the body (idle gap), and for the whole exchange.
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {
  public static final Timeouts DEFAULT =
      new Timeouts(
          Duration.ofSeconds(10),
          Duration.ofSeconds(120),
          Duration.ofSeconds(120),
          Duration.ofMinutes(10));
}
