package dev.modelgate.observe;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.modelgate.codec.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Writes one JSON line per request from a background thread, so a slow terminal or disk never slows
 * a request. When the queue is full a line is dropped and counted rather than blocking a request.
 */
public final class AccessLog implements AutoCloseable {
  private final BlockingQueue<AccessRecord> queue = new ArrayBlockingQueue<>(65_536);
  private final OutputStream out;
  private final @Nullable Thread writer;
  private final boolean ownsOut;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean running = true;

  /** A log to {@code out}, which stays open when the log closes (the caller's stream). */
  public AccessLog(OutputStream out) {
    this(out, false);
  }

  private AccessLog(OutputStream out, boolean ownsOut) {
    this.out = out;
    this.ownsOut = ownsOut;
    this.writer = Thread.ofPlatform().daemon().name("modelgate-access-log").start(this::drain);
  }

  private AccessLog() {
    this.out = OutputStream.nullOutputStream();
    this.writer = null;
    this.ownsOut = false;
  }

  /**
   * The log {@code settings} ask for: standard output, nothing, or a file rolled over by size and
   * time.
   */
  public static AccessLog open(AccessLogSettings settings, Clock clock) throws IOException {
    return switch (settings.to()) {
      case AccessLogSettings.STDOUT -> new AccessLog(System.out);
      case AccessLogSettings.NONE -> discarding();
      default -> new AccessLog(new RollingFile(Path.of(settings.to()), settings, clock), true);
    };
  }

  /**
   * A log that writes nothing (tests, benchmarks with logging off): no thread, no formatting, no
   * wake-up per request.
   */
  public static AccessLog discarding() {
    return new AccessLog();
  }

  public void log(AccessRecord record) {
    if (writer == null) {
      return;
    }
    if (!queue.offer(record)) {
      dropped.incrementAndGet();
    }
  }

  public long dropped() {
    return dropped.get();
  }

  private void drain() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
    while (running || !queue.isEmpty()) {
      try {
        AccessRecord record = queue.poll(200, TimeUnit.MILLISECONDS);
        if (record == null) {
          continue;
        }
        buffer.reset();
        write(record, buffer);
        AccessRecord more;
        while (buffer.size() < 64 * 1024 && (more = queue.poll()) != null) {
          write(more, buffer);
        }
        buffer.writeTo(out); // one write of whole lines: a RollingFile rolls only between them
        out.flush();
      } catch (InterruptedException e) {
        return;
      } catch (IOException e) {
        dropped.incrementAndGet();
      }
    }
  }

  static void write(AccessRecord r, ByteArrayOutputStream buffer) throws IOException {
    try (JsonGenerator g = Json.factory().createGenerator(buffer)) {
      g.writeStartObject();
      g.writeStringField("ts", Instant.now().toString());
      g.writeStringField("type", "access");
      g.writeStringField("request_id", r.requestId());
      if (r.traceId() != null) {
        g.writeStringField("trace_id", r.traceId());
      }
      g.writeStringField("method", r.method());
      g.writeStringField("path", r.path());
      g.writeNumberField("status", r.status());
      g.writeStringField("key_id", r.keyId());
      g.writeStringField("model", r.model());
      g.writeStringField("target", r.target());
      g.writeBooleanField("stream", r.stream());
      g.writeNumberField("prompt_tokens", r.promptTokens());
      g.writeNumberField("completion_tokens", r.completionTokens());
      g.writeNumberField("latency_us", r.latencyMicros());
      g.writeNumberField("ttft_us", r.ttftMicros());
      g.writeNumberField("attempts", r.attempts());
      g.writeStringField("error", r.errorType());
      if (r.cache() != null) {
        g.writeStringField("cache", r.cache());
      }
      if (r.fallback() != null) {
        g.writeStringField("fallback", r.fallback());
      }
      g.writeEndObject();
    }
    buffer.write('\n');
  }

  @Override
  public void close() {
    running = false;
    if (writer == null) {
      return;
    }
    try {
      writer.join(2000);
      if (ownsOut) {
        out.close();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      dropped.incrementAndGet(); // a file that fails to close may have lost its last lines
    }
  }
}
