package dev.modelgate.usage;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code usage:} and {@code budgets:} configuration: prices, budgets and alerts (reloadable),
 * and the spool (where it is, how often and in what batches it is drained; read once at start).
 */
public record UsageSettings(PriceTable prices, BudgetSettings budgets, Spool spool) {
  /**
   * The spool directory, the drain interval, the number of records per database batch, and how
   * often what was written is forced to disk (zero: every write).
   */
  public record Spool(Path dir, Duration flushInterval, int batchSize, Duration syncInterval) {
    /**
     * Drained every 200 ms: the records of one drain are held in memory until then, and held for a
     * second they outlived the young generation at load (one full collection of 90-110 ms every ~13
     * s at 14,000 calls a second on a 256 MiB heap, the benchmark's p99 at 20-70 ms; drained every
     * 200 ms: 7-13 ms).
     */
    public static Spool defaults(Path dataDir) {
      return new Spool(
          dataDir.resolve("usage-spool"), Duration.ofMillis(200), 500, Duration.ofMillis(200));
    }
  }

  public static UsageSettings defaults(Path dataDir) {
    return new UsageSettings(PriceTable.NONE, BudgetSettings.NONE, Spool.defaults(dataDir));
  }
}
