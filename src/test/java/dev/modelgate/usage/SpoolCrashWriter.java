package dev.modelgate.usage;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A child process for {@link SpoolCrashTest}: appends records from several threads until it is
 * killed, printing each record's id once its append returned (acknowledged: written to the OS). The
 * sync interval is longer than the test, so nothing is forced to disk: what the kill must not lose
 * is what the process had written, and the page cache keeps that.
 */
public final class SpoolCrashWriter {
  private SpoolCrashWriter() {}

  public static void main(String[] args) throws InterruptedException {
    UsageSpool spool = UsageSpool.open(Path.of(args[0]), Duration.ofMinutes(10));
    for (int t = 0; t < 4; t++) {
      int thread = t;
      Thread.ofPlatform()
          .start(
              () -> {
                for (int i = 0; ; i++) {
                  String id = thread + "-" + i;
                  spool.append(SpoolRecords.record(id));
                  synchronized (System.out) {
                    System.out.println("acked " + id);
                    System.out.flush();
                  }
                }
              });
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
