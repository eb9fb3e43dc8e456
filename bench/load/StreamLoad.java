// Keeps CONCURRENCY streaming chat requests open at all times for SECONDS: each worker sends a
// stream request on its keep-alive connection, reads it to [DONE], and sends the next. Workers start
// spread over the first second, so this measures time to first event (TTFB) under a steady load of
// CONCURRENCY streams, not a thundering herd. Streams started in the first 5 s are not counted.
// Single-file program:
//   java StreamLoad.java HOST PORT PATH KEY CONCURRENCY MODEL SECONDS
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

public class StreamLoad {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String path = args[2];
    String key = args[3];
    int n = Integer.parseInt(args[4]);
    String model = args.length > 5 ? args[5] : "bench";
    long seconds = args.length > 6 ? Long.parseLong(args[6]) : 20;
    String body = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}";
    byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + key
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.UTF_8);
    long start = System.nanoTime();
    long measureFrom = start + 5_000_000_000L;
    long end = start + seconds * 1_000_000_000L;
    ConcurrentLinkedQueue<Long> ttfbs = new ConcurrentLinkedQueue<>();
    AtomicLong failed = new AtomicLong();
    AtomicLong streams = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long delay = 1000L * i / n;
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          Thread.sleep(delay);
          while (System.nanoTime() < end) {
            try (Socket s = new Socket(host, port)) {
              s.setTcpNoDelay(true);
              BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8), 8192);
              OutputStream out = s.getOutputStream();
              while (System.nanoTime() < end) {
                long sent = System.nanoTime();
                out.write(request);
                out.flush();
                String line;
                boolean first = true;
                boolean done = false;
                while ((line = in.readLine()) != null) {
                  if (line.startsWith("data:")) {
                    if (first && sent >= measureFrom) {
                      ttfbs.add(System.nanoTime() - sent);
                    }
                    first = false;
                    if (line.contains("[DONE]")) {
                      done = true;
                      break;
                    }
                  }
                }
                if (!done) {
                  failed.incrementAndGet();
                  break;
                }
                streams.incrementAndGet();
              }
            }
          }
        } catch (Exception e) {
          failed.incrementAndGet();
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    long[] sorted = ttfbs.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "concurrent=%d streams=%d failed=%d ttfb_p50_ms=%.2f ttfb_p99_ms=%.2f%n",
        n, streams.get(), failed.get(), pct(sorted, 50), pct(sorted, 99));
  }

  static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}
