package dev.modelgate.usage;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The usage pipeline as operators watch it: bytes waiting in the spool (they grow while the
 * database is away, and are the disk to provision), records written to the store, and whether the
 * store is refusing them now.
 */
final class UsageMeters implements MeterBinder {
  private final UsageSpool spool;
  private final SpoolDrainer drainer;
  private final AtomicLong unspooled;

  UsageMeters(UsageSpool spool, SpoolDrainer drainer, AtomicLong unspooled) {
    this.spool = spool;
    this.drainer = drainer;
    this.unspooled = unspooled;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("modelgate.usage.spool", spool, UsageMeters::bytes)
        .baseUnit("bytes")
        .description("Usage records on disk in the spool, not yet in the store")
        .register(registry);
    FunctionCounter.builder("modelgate.usage.records.stored", drainer, SpoolDrainer::written)
        .description("Usage records written from the spool to the store")
        .register(registry);
    FunctionCounter.builder("modelgate.usage.records.unspooled", unspooled, AtomicLong::get)
        .description("Usage records the spool could not write (disk full or failing): lost")
        .register(registry);
    Gauge.builder("modelgate.usage.store.failing", drainer, d -> d.failing() ? 1 : 0)
        .description("1 while writing usage records to the store fails (they wait in the spool)")
        .register(registry);
  }

  private static double bytes(UsageSpool spool) {
    try (Stream<Path> files = Files.list(spool.directory())) {
      return files.mapToLong(UsageMeters::size).sum();
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0; // drained and deleted since the listing
    }
  }
}
