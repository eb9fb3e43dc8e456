// Opens N concurrent streaming chat requests at once and reports time to first byte (first SSE
// event) and whole-stream time. Single-file program:
//   java StreamLoad.java HOST PORT PATH KEY CONCURRENCY [MODEL]
import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.*;

public class StreamLoad {
  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String path = args[2];
    String key = args[3];
    int n = Integer.parseInt(args[4]);
    String model = args.length > 5 ? args[5] : "bench";
    String body = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Tell me a story\"}]}";
    byte[] request = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + key
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
        .getBytes(StandardCharsets.UTF_8);
    long[] ttfb = new long[n];
    long[] total = new long[n];
    int[] events = new int[n];
    CountDownLatch ready = new CountDownLatch(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      threads.add(Thread.ofVirtual().start(() -> {
        try (Socket s = new Socket(host, port)) {
          s.setTcpNoDelay(true);
          BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8), 8192);
          OutputStream out = s.getOutputStream();
          ready.countDown();
          go.await();
          long start = System.nanoTime();
          out.write(request);
          out.flush();
          String line;
          while ((line = in.readLine()) != null) {
            if (line.startsWith("data:")) {
              if (events[id]++ == 0) {
                ttfb[id] = System.nanoTime() - start;
              }
              if (line.contains("[DONE]")) {
                break;
              }
            }
          }
          total[id] = System.nanoTime() - start;
        } catch (Exception e) {
          total[id] = -1;
        }
      }));
    }
    ready.await();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    long failed = Arrays.stream(total).filter(t -> t < 0).count();
    long[] ok = Arrays.stream(ttfb).filter(t -> t > 0).sorted().toArray();
    long[] whole = Arrays.stream(total).filter(t -> t > 0).sorted().toArray();
    System.out.printf(Locale.ROOT, "streams=%d failed=%d ttfb_p50_ms=%.2f ttfb_p99_ms=%.2f total_p50_ms=%.1f total_p99_ms=%.1f events=%d%n",
        n, failed, pct(ok, 50), pct(ok, 99), pct(whole, 50), pct(whole, 99), events[0]);
  }

  static double pct(long[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }
}
