package dev.modelgate.usage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measures the spool's throughput (not a test): {@code threads} callers each append {@code
 * perThread} records and wait for their fsync, as request threads do. Run with the test classpath:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) dev.modelgate.usage.SpoolBench
 * 64 500}.
 */
public final class SpoolBench {
  private SpoolBench() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int perThread = Integer.parseInt(args[1]);
    Path dir = Files.createTempDirectory("spool-bench");
    try (UsageSpool spool = UsageSpool.open(dir)) {
      long start = System.nanoTime();
      List<Thread> started = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        started.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      for (int i = 0; i < perThread; i++) {
                        spool.append(SpoolRecords.record(thread + "-" + i));
                      }
                    }));
      }
      for (Thread thread : started) {
        thread.join();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      long total = (long) threads * perThread;
      System.out.printf(
          "%d callers, %d records in %.2f s: %.0f records/s%n",
          threads, total, seconds, total / seconds);
    }
  }
}
