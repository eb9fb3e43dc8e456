package dev.modelgate.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the fake upstream answers: status, headers, and either one body (Content-Length) or parts
 * sent as separate chunks (an SSE or NDJSON stream), with faults: a first-byte delay, a gap between
 * parts, a clean cut or a reset after some parts.
 */
public record FakeResponse(
    int status,
    Map<String, String> headers,
    List<byte[]> parts,
    boolean chunked,
    Duration firstByteDelay,
    Duration gap,
    int cutAfter,
    int resetAfter) {

  public static FakeResponse json(int status, String body) {
    return new FakeResponse(
        status,
        Map.of("Content-Type", "application/json"),
        List.of(body.getBytes(StandardCharsets.UTF_8)),
        false,
        Duration.ZERO,
        Duration.ZERO,
        -1,
        -1);
  }

  /** An SSE stream: each string is one event's data, framed as {@code data: ...\n\n}. */
  public static FakeResponse sse(List<String> events) {
    List<byte[]> parts = new ArrayList<>();
    for (String event : events) {
      parts.add(("data: " + event + "\n\n").getBytes(StandardCharsets.UTF_8));
    }
    return raw(200, "text/event-stream", parts);
  }

  /** Parts sent exactly as given, one chunk each. */
  public static FakeResponse raw(int status, String contentType, List<byte[]> parts) {
    return new FakeResponse(
        status,
        Map.of("Content-Type", contentType),
        List.copyOf(parts),
        true,
        Duration.ZERO,
        Duration.ZERO,
        -1,
        -1);
  }

  public FakeResponse withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new FakeResponse(
        status, copy, parts, chunked, firstByteDelay, gap, cutAfter, resetAfter);
  }

  public FakeResponse withFirstByteDelay(Duration delay) {
    return new FakeResponse(status, headers, parts, chunked, delay, gap, cutAfter, resetAfter);
  }

  public FakeResponse withGap(Duration newGap) {
    return new FakeResponse(
        status, headers, parts, chunked, firstByteDelay, newGap, cutAfter, resetAfter);
  }

  /** Ends the stream cleanly (no terminating chunk, connection closed) after {@code n} parts. */
  public FakeResponse cutAfter(int n) {
    return new FakeResponse(status, headers, parts, chunked, firstByteDelay, gap, n, resetAfter);
  }

  /** Resets the connection (TCP RST) after {@code n} parts. */
  public FakeResponse resetAfter(int n) {
    return new FakeResponse(status, headers, parts, chunked, firstByteDelay, gap, cutAfter, n);
  }
}
