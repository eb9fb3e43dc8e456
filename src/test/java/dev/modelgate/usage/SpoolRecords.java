package dev.modelgate.usage;

import dev.modelgate.store.UsageRecord;
import java.math.BigDecimal;
import java.time.Instant;

/** Usage records for spool tests, told apart by id. */
final class SpoolRecords {
  private SpoolRecords() {}

  static UsageRecord record(String id) {
    return new UsageRecord(
        id,
        "req-" + id,
        Instant.parse("2030-01-31T08:00:00Z"),
        "key-1",
        "app",
        "search",
        "alice",
        "gpt-4o",
        "openai/gpt-4o",
        "openai",
        "chat",
        true,
        12,
        5,
        4,
        new BigDecimal("0.00006"),
        "USD",
        100,
        20,
        200,
        null,
        null,
        false,
        false);
  }
}
