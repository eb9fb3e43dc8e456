package dev.modelgate.upstream;

/**
 * Connections of an upstream's pool at one moment: {@code leased} in use, {@code idle} open and
 * free, {@code pending} requests waiting for one, {@code max} the pool's limit.
 */
public record PoolStats(int leased, int idle, int pending, int max) {
  public static final PoolStats EMPTY = new PoolStats(0, 0, 0, 0);

  PoolStats plus(PoolStats other) {
    return new PoolStats(
        leased + other.leased, idle + other.idle, pending + other.pending, max + other.max);
  }
}
