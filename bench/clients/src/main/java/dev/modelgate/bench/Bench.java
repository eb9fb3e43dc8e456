package dev.modelgate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * Entry point. Sub-commands:
 * <pre>
 *   upstream [port] [portFile]      run the fake upstream (separate process)
 *   rps        --client C --port P [--concurrency 1,16,64,256] [--warmup 10] [--level-warmup 3] [--duration 10]
 *   stream     --client C --port P [--streams 256] [--chunks 50] [--gap-ms 20] [--stream-warmup 3]
 *                                  [--stream-duration 10]
 *   slowreader --client C --port P [--mib 128] [--pause-ms 2000]
 *   all        rps, then stream (unless --streams 0), then slowreader (unless --slowreader 0), one JVM
 *   report     results.tsv          print Markdown tables from RESULT lines
 * </pre>
 * Each load sub-command prints one tab-separated line starting with {@code RESULT}.
 */
public final class Bench {

    static final byte[] CHAT_REQUEST = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\",\"content\":"
            + "\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"Say hello to the benchmark.\"}],"
            + "\"temperature\":0.2,\"max_tokens\":64}").getBytes(StandardCharsets.US_ASCII);
    static final byte[] CHAT_STREAM_REQUEST = ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"system\","
            + "\"content\":\"You are a helpful assistant.\"},{\"role\":\"user\",\"content\":\"Say hello to the "
            + "benchmark.\"}],\"temperature\":0.2,\"max_tokens\":64,\"stream\":true}")
            .getBytes(StandardCharsets.US_ASCII);

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: upstream | rps | stream | slowreader | all | report (see README)");
            System.exit(2);
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        if (!args[0].equals("upstream") && !args[0].equals("report")) {
            // The JDK client's idle pool size is JVM-wide and read once: size it for the largest level of this JVM.
            Opts o = new Opts(rest);
            int max = Math.max(o.integer("streams", 256), 4);
            for (String level : o.str("concurrency", "1,16,64,256").split(",")) {
                max = Math.max(max, Integer.parseInt(level.trim()));
            }
            JdkDriver.configurePool(max);
        }
        switch (args[0]) {
            case "upstream" -> FakeUpstream.main(rest);
            case "all" -> {
                Opts o = new Opts(rest);
                rps(o);
                if (o.integer("streams", 256) > 0) {
                    stream(o);
                }
                if (o.integer("slowreader", 1) > 0) {
                    slowReader(o);
                }
            }
            case "rps" -> rps(new Opts(rest));
            case "stream" -> stream(new Opts(rest));
            case "slowreader" -> slowReader(new Opts(rest));
            case "report" -> Report.main(rest);
            default -> {
                System.err.println("unknown sub-command " + args[0]);
                System.exit(2);
            }
        }
        System.exit(0); // some clients leave non-daemon threads behind
    }

    // ---------------------------------------------------------------- non-streaming requests per second

    /**
     * Runs the levels in order in this JVM, each with a fresh client sized to the level. The first level gets
     * {@code --warmup} seconds of unmeasured load (JIT warm-up), later levels {@code --level-warmup}.
     */
    static void rps(Opts o) throws Exception {
        String clientName = o.str("client", null);
        int port = o.integer("port", 0);
        double duration = o.dbl("duration", 10);
        boolean first = true;
        for (String level : o.str("concurrency", "1,16,64,256").split(",")) {
            double warmup = first ? o.dbl("warmup", 10) : o.dbl("level-warmup", 3);
            rpsLevel(clientName, port, Integer.parseInt(level.trim()), warmup, duration);
            first = false;
        }
    }

    static void rpsLevel(String clientName, int port, int concurrency, double warmup, double duration)
            throws Exception {
        long warmupNs = TimeUnit.MILLISECONDS.toNanos((long) (warmup * 1000));
        long durationNs = TimeUnit.MILLISECONDS.toNanos((long) (duration * 1000));
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");

        try (ClientDriver driver = ClientDriver.create(clientName, concurrency)) {
            System.err.printf("rps: %s, concurrency %d%n", driver.describe(), concurrency);
            long start = System.nanoTime();
            long measureStart = start + warmupNs;
            long measureEnd = measureStart + durationNs;
            Histogram[] hists = new Histogram[concurrency];
            long[] counts = new long[concurrency];
            AtomicLong errors = new AtomicLong();
            AtomicReference<Throwable> firstError = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                int id = i;
                Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
                hists[i] = h;
                threads.add(Thread.ofVirtual().name("load-" + i).start(() -> {
                    long n = 0;
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= measureEnd) {
                            break;
                        }
                        try {
                            int len = driver.post(uri, CHAT_REQUEST);
                            if (len != FakeUpstream.CHAT_JSON.length) {
                                throw new IOException("unexpected body length " + len);
                            }
                        } catch (Throwable t) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, t);
                            sleepQuietly(10);
                            continue;
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= measureStart && t1 <= measureEnd) {
                            h.recordValue(Math.max(1, (t1 - t0) / 1000));
                            n++;
                        }
                    }
                    counts[id] = n;
                }));
            }
            sleepUntil(measureStart);
            Sample s0 = Sample.take(port);
            sleepUntil(measureEnd);
            Sample s1 = Sample.take(port);
            for (Thread t : threads) {
                t.join(30_000);
            }
            Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            long total = 0;
            for (int i = 0; i < concurrency; i++) {
                all.add(hists[i]);
                total += counts[i];
            }
            if (firstError.get() != null) {
                System.err.print("first error: ");
                firstError.get().printStackTrace();
            }
            double seconds = (s1.wallNs - s0.wallNs) / 1e9;
            // RESULT rps client conc requests rps p50 p99 p999 cpuUs/req client%cpu upstreamCpuUs/req upstream%cpu
            //        allocKB/req errors upstreamSocketReads/req otherCores
            System.out.println(String.join("\t", "RESULT", "rps", clientName, Integer.toString(concurrency),
                    Long.toString(total),
                    fmt(total / seconds),
                    Long.toString(all.getValueAtPercentile(50)),
                    Long.toString(all.getValueAtPercentile(99)),
                    Long.toString(all.getValueAtPercentile(99.9)),
                    fmt(per(s1.cpuNs - s0.cpuNs, total) / 1000),
                    fmt(100.0 * (s1.cpuNs - s0.cpuNs) / (s1.wallNs - s0.wallNs)),
                    fmt(per(s1.upstreamCpuNs - s0.upstreamCpuNs, total) / 1000),
                    fmt(100.0 * (s1.upstreamCpuNs - s0.upstreamCpuNs) / (s1.wallNs - s0.wallNs)),
                    fmt(per(s1.allocBytes - s0.allocBytes, total) / 1024),
                    Long.toString(errors.get()),
                    String.format(Locale.ROOT, "%.2f", per(s1.upstreamReads - s0.upstreamReads,
                            s1.upstreamRequests - s0.upstreamRequests)),
                    String.format(Locale.ROOT, "%.2f", Sample.otherCores(s0, s1))));
        }
    }

    // ---------------------------------------------------------------- SSE streaming

    static void stream(Opts o) throws Exception {
        streamRun(o.str("client", null), o.integer("port", 0), o.integer("streams", 256), o.integer("chunks", 50),
                o.integer("gap-ms", 20), o.dbl("stream-warmup", 3), o.dbl("stream-duration", 10));
    }

    static void streamRun(String clientName, int port, int concurrency, int chunks, int gapMs, double warmup,
            double duration) throws Exception {
        long warmupNs = TimeUnit.MILLISECONDS.toNanos((long) (warmup * 1000));
        long durationNs = TimeUnit.MILLISECONDS.toNanos((long) (duration * 1000));
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions?chunks=" + chunks + "&gap_ms=" + gapMs);

        try (ClientDriver driver = ClientDriver.create(clientName, concurrency)) {
            System.err.printf("stream: %s, %d streams x %d chunks, %d ms gap%n", driver.describe(), concurrency,
                    chunks, gapMs);
            long start = System.nanoTime();
            long measureStart = start + warmupNs;
            long measureEnd = measureStart + durationNs;
            Histogram[] ttfb = new Histogram[concurrency];
            Histogram[] delay = new Histogram[concurrency];
            long[] streams = new long[concurrency];
            SseReader[] readers = new SseReader[concurrency];
            AtomicLong errors = new AtomicLong();
            AtomicReference<Throwable> firstError = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                int id = i;
                ttfb[i] = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
                delay[i] = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
                SseReader reader = new SseReader(measureStart, measureEnd, ttfb[i], delay[i]);
                readers[i] = reader;
                threads.add(Thread.ofVirtual().name("stream-" + i).start(() -> {
                    while (true) {
                        long t0 = System.nanoTime();
                        if (t0 >= measureEnd) {
                            break;
                        }
                        int got;
                        try (InputStream in = driver.postStream(uri, CHAT_STREAM_REQUEST)) {
                            got = reader.readAll(in, t0);
                        } catch (Throwable t) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, t);
                            sleepQuietly(10);
                            continue;
                        }
                        if (got != chunks) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, new IOException("got " + got + " chunks"));
                            continue;
                        }
                        long t1 = System.nanoTime();
                        if (t0 >= measureStart && t1 <= measureEnd) {
                            streams[id]++;
                        }
                    }
                }));
            }
            sleepUntil(measureStart);
            Sample s0 = Sample.take(port);
            sleepUntil(measureEnd);
            Sample s1 = Sample.take(port);
            for (Thread t : threads) {
                t.join(30_000);
            }
            Histogram allTtfb = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            Histogram allDelay = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            long totalStreams = 0;
            long totalChunks = 0;
            for (int i = 0; i < concurrency; i++) {
                allTtfb.add(ttfb[i]);
                allDelay.add(delay[i]);
                totalStreams += streams[i];
                totalChunks += readers[i].eventsInWindow;
            }
            if (firstError.get() != null) {
                System.err.print("first error: ");
                firstError.get().printStackTrace();
            }
            double seconds = (s1.wallNs - s0.wallNs) / 1e9;
            // RESULT stream client conc streams chunks/s ttfbP50 ttfbP99 delayP50 delayP99 delayP999 cpuUs/chunk
            //        client%cpu upstream%cpu errors otherCores
            System.out.println(String.join("\t", "RESULT", "stream", clientName, Integer.toString(concurrency),
                    Long.toString(totalStreams),
                    fmt(totalChunks / seconds),
                    Long.toString(allTtfb.getValueAtPercentile(50)),
                    Long.toString(allTtfb.getValueAtPercentile(99)),
                    Long.toString(allDelay.getValueAtPercentile(50)),
                    Long.toString(allDelay.getValueAtPercentile(99)),
                    Long.toString(allDelay.getValueAtPercentile(99.9)),
                    fmt(per(s1.cpuNs - s0.cpuNs, totalChunks) / 1000),
                    fmt(100.0 * (s1.cpuNs - s0.cpuNs) / (s1.wallNs - s0.wallNs)),
                    fmt(100.0 * (s1.upstreamCpuNs - s0.upstreamCpuNs) / (s1.wallNs - s0.wallNs)),
                    Long.toString(errors.get()),
                    String.format(Locale.ROOT, "%.2f", Sample.otherCores(s0, s1))));
        }
    }

    /**
     * Minimal SSE line reader. Counts data events; for events received inside the measurement window it records the
     * delivery delay (receive wall clock minus the upstream's {@code x_sent_us}) and, for streams started inside the
     * window, the time to the first event.
     */
    static final class SseReader {
        private final byte[] buf = new byte[16 * 1024];
        private final byte[] line = new byte[64 * 1024];
        private final long windowStart;
        private final long windowEnd;
        private final Histogram ttfb;
        private final Histogram delay;
        long eventsInWindow;

        SseReader(long windowStart, long windowEnd, Histogram ttfb, Histogram delay) {
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
            this.ttfb = ttfb;
            this.delay = delay;
        }

        /** Reads to end of stream; returns the number of data events before {@code [DONE]}. */
        int readAll(InputStream in, long t0) throws IOException {
            int events = 0;
            boolean done = false;
            int lineLen = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                long nowNs = System.nanoTime();
                long nowUs = -1;
                boolean inWindow = nowNs >= windowStart && nowNs <= windowEnd;
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b != '\n') {
                        if (lineLen < line.length) {
                            line[lineLen++] = b;
                        }
                        continue;
                    }
                    if (lineLen > 6 && line[0] == 'd' && line[5] == ' ') { // "data: "
                        if (lineLen == 12 && line[6] == '[') { // "data: [DONE]"
                            done = true;
                        } else {
                            if (events == 0 && t0 >= windowStart && inWindow) {
                                ttfb.recordValue(Math.max(1, (nowNs - t0) / 1000));
                            }
                            if (inWindow) {
                                if (nowUs < 0) {
                                    nowUs = FakeUpstream.nowMicros();
                                }
                                long sent = sentMicros(line, lineLen);
                                if (sent > 0) {
                                    delay.recordValue(Math.max(0, nowUs - sent));
                                }
                                eventsInWindow++;
                            }
                            events++;
                        }
                    }
                    lineLen = 0;
                }
            }
            if (!done) {
                throw new IOException("stream ended without [DONE] after " + events + " events");
            }
            return events;
        }

        private static final byte[] KEY = "\"x_sent_us\":".getBytes(StandardCharsets.US_ASCII);

        private static long sentMicros(byte[] line, int len) {
            outer:
            for (int i = len - KEY.length - 1; i >= 0; i--) {
                for (int j = 0; j < KEY.length; j++) {
                    if (line[i + j] != KEY[j]) {
                        continue outer;
                    }
                }
                long v = 0;
                for (int k = i + KEY.length; k < len && line[k] >= '0' && line[k] <= '9'; k++) {
                    v = v * 10 + (line[k] - '0');
                }
                return v;
            }
            return -1;
        }
    }

    // ---------------------------------------------------------------- slow reader / back-pressure probe

    static void slowReader(Opts o) throws Exception {
        slowReaderRun(o.str("client", null), o.integer("port", 0), o.integer("mib", 128), o.integer("pause-ms", 2000));
    }

    static void slowReaderRun(String clientName, int port, int mib, int pauseMs) throws Exception {
        long bytes = mib * 1024L * 1024L;
        String probe = clientName + "-" + System.nanoTime();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/bulk?bytes=" + bytes + "&probe=" + probe);
        try (ClientDriver driver = ClientDriver.create(clientName, 4)) {
            System.err.printf("slowreader: %s, %d MiB body, reader pauses %d ms%n", driver.describe(),
                    bytes >> 20, pauseMs);
            InputStream in = driver.postStream(uri, CHAT_REQUEST);
            if (in.read() < 0) {
                throw new IOException("empty body");
            }
            Thread.sleep(pauseMs);
            long written = Long.parseLong(rawGet(port, "/probe?id=" + probe).trim());
            in.close(); // abort: the rest of the body is not wanted
            // RESULT slowreader client 1 bodyMiB writtenMiB pauseMs
            System.out.println(String.join("\t", "RESULT", "slowreader", clientName, "1",
                    Long.toString(bytes >> 20),
                    fmt(written / 1048576.0),
                    Integer.toString(pauseMs)));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** CPU and allocation counters of this process and the upstream's CPU time, at one instant. */
    record Sample(long wallNs, long cpuNs, long allocBytes, long upstreamCpuNs, long upstreamReads,
            long upstreamRequests, long machineBusyNs) {
        static Sample take(int port) throws IOException {
            String[] upstream = rawGet(port, "/cpu").trim().split(" ");
            return new Sample(System.nanoTime(), OS.getProcessCpuTime(), THREADS.getTotalThreadAllocatedBytes(),
                    Long.parseLong(upstream[0]), Long.parseLong(upstream[1]), Long.parseLong(upstream[2]),
                    readMachineBusyNs());
        }

        /**
         * Everything else that ran on the machine during the window, in cores: all CPUs' busy time from /proc/stat
         * minus this process and the upstream. Other tenants of a shared machine show up here; a run where it is
         * high competed for the CPUs and its throughput and tail latencies are not comparable.
         */
        static double otherCores(Sample a, Sample b) {
            if (a.machineBusyNs < 0 || b.machineBusyNs < 0) {
                return Double.NaN;
            }
            long other = (b.machineBusyNs - a.machineBusyNs) - (b.cpuNs - a.cpuNs) - (b.upstreamCpuNs - a.upstreamCpuNs);
            return Math.max(0, (double) other / (b.wallNs - a.wallNs));
        }

        /** Busy time of all CPUs from the first line of /proc/stat (USER_HZ = 100 assumed), or -1. */
        private static long readMachineBusyNs() {
            try {
                String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim()
                        .split("\\s+");
                long busy = 0;
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    if (i != 4 && i != 5) { // skip idle and iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
                return busy * 10_000_000L;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }

    /** A one-off GET on a fresh plain socket, so that control requests do not go through the client under test. */
    static String rawGet(int port, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            int body = resp.indexOf("\r\n\r\n");
            if (!resp.startsWith("HTTP/1.1 200") || body < 0) {
                throw new IOException("control request " + path + " failed: " + resp);
            }
            return resp.substring(body + 4);
        }
    }

    private static double per(long amount, long count) {
        return count == 0 ? Double.NaN : (double) amount / count;
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return Math.abs(v) >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code --name value} options. */
    static final class Opts {
        private final Map<String, String> map = new HashMap<>();

        Opts(String[] args) {
            for (int i = 0; i + 1 < args.length; i += 2) {
                if (!args[i].startsWith("--")) {
                    throw new IllegalArgumentException("expected --option, got " + args[i]);
                }
                map.put(args[i].substring(2), args[i + 1]);
            }
        }

        String str(String name, String dflt) {
            String v = map.getOrDefault(name, dflt);
            if (v == null) {
                throw new IllegalArgumentException("missing --" + name);
            }
            return v;
        }

        int integer(String name, int dflt) {
            return Integer.parseInt(str(name, Integer.toString(dflt)));
        }

        double dbl(String name, double dflt) {
            return Double.parseDouble(str(name, Double.toString(dflt)));
        }
    }
}
