package dev.modelgate.policy.shadow;

/**
 * How much of a route's traffic is mirrored: {@code sampleRate} from 0 to 1, and at most {@code
 * maxConcurrent} shadow calls in flight per route (beyond that a sampled call is skipped and
 * counted, so a slow shadow target cannot pile up threads and connections).
 */
public record ShadowSettings(double sampleRate, int maxConcurrent) {
  public ShadowSettings {
    if (sampleRate < 0 || sampleRate > 1) {
      throw new IllegalArgumentException("sample rate must be between 0 and 1");
    }
    if (maxConcurrent < 1) {
      throw new IllegalArgumentException("max concurrent must be at least 1");
    }
  }
}
