package dev.modelgate.usage;

import java.nio.file.Path;

/**
 * A child process for {@link SpoolCrashTest}: appends records from several threads until it is
 * killed, printing each record's id once its append returned (acknowledged, on disk).
 */
public final class SpoolCrashWriter {
  private SpoolCrashWriter() {}

  public static void main(String[] args) throws InterruptedException {
    UsageSpool spool = UsageSpool.open(Path.of(args[0]));
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
