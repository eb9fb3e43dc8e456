package dev.modelgate.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelgate.store.Database;
import dev.modelgate.store.StoreSettings;
import dev.modelgate.store.UsageRecord;
import dev.modelgate.store.UsageStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process appending to the spool is killed without warning (SIGKILL): every record it had been
 * told was written is found by the next run and reaches the database exactly once.
 */
class SpoolCrashTest {
  @TempDir Path dir;

  @Test
  void noAcknowledgedRecordIsLostWhenTheWriterIsKilled() throws Exception {
    Path spoolDir = dir.resolve("spool");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                SpoolCrashWriter.class.getName(),
                spoolDir.toString())
            .redirectErrorStream(true)
            .start();
    Set<String> acknowledged = new HashSet<>();
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (acknowledged.size() < 2000 && (line = out.readLine()) != null) {
        if (line.startsWith("acked ")) {
          acknowledged.add(line.substring(6));
        }
      }
      // SIGKILL while the writers keep appending: no shutdown hook, no close, a write cut off.
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(2000);

    Set<String> recovered = new HashSet<>();
    try (UsageSpool spool = UsageSpool.open(spoolDir)) {
      spool.seal().forEach(s -> UsageSpool.read(s).forEach(r -> recovered.add(r.id())));
      assertThat(recovered).containsAll(acknowledged);

      try (Database database = Database.open(StoreSettings.defaults(dir.resolve("db")))) {
        UsageStore store = new UsageStore(database);
        SpoolDrainer drainer = new SpoolDrainer(spool, store::insert, Duration.ofSeconds(1), 500);
        drainer.drainOnce();
        assertThat(store.count()).isEqualTo(recovered.size());
        Set<String> stored = new HashSet<>();
        store.records(
            java.time.Instant.EPOCH,
            java.time.Instant.parse("2100-01-01T00:00:00Z"),
            (UsageRecord r) -> stored.add(r.id()));
        assertThat(stored).containsAll(acknowledged);
      }
    }
  }
}
