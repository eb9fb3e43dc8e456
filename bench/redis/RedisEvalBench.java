import dev.modelgate.shared.*;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
/** EVALSHA round trips through RedisLink against the local Redis: one thread, then 32 virtual threads. */
public class RedisEvalBench {
  public static void main(String[] a) throws Exception {
    var s = new SharedSettings(new SharedSettings.Redis(URI.create("redis://127.0.0.1:6379/0"), null, Duration.ofMillis(500), 64), "mgbench:", 0.5, Duration.ofSeconds(1));
    var script = new RedisScript("x", "return redis.call('INCRBY', KEYS[1], ARGV[1])", null);
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-1");
    script = new RedisScript("x", script.source(), HexFormat.of().formatHex(md.digest(script.source().getBytes())));
    try (var link = RedisLink.start(s, new SimpleMeterRegistry())) {
      final RedisScript sc = script;
      for (int i = 0; i < 20000; i++) link.eval(sc, List.of("mgbench:k"), List.of("1"));
      int n = 50000;
      long t = System.nanoTime();
      for (int i = 0; i < n; i++) link.eval(sc, List.of("mgbench:k"), List.of("1"));
      System.out.printf("1 thread: %.1f us per EVALSHA%n", (System.nanoTime() - t) / 1e3 / n);
      try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
        t = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int v = 0; v < 32; v++) fs.add(ex.submit(() -> { for (int i = 0; i < 5000; i++) link.eval(sc, List.of("mgbench:k"), List.of("1")); }));
        for (var f : fs) f.get();
        double secs = (System.nanoTime() - t) / 1e9;
        System.out.printf("32 virtual threads: %.0f EVALSHA/s%n", 32 * 5000 / secs);
      }
      link.call("del", j -> j.del("mgbench:k"));
    }
  }
}
