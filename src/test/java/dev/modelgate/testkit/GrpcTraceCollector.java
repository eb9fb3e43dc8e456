package dev.modelgate.testkit;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/gRPC trace collector fake on loopback: Helidon's HTTP/2 server over cleartext (prior
 * knowledge, as gRPC clients speak to {@code http://} endpoints), one unary method, {@code
 * TraceService/Export}. Each request's length-prefixed frames are decoded as {@code
 * ExportTraceServiceRequest}; the answer is an empty response frame and {@code grpc-status: 0} in
 * the trailers. What it saw of each call (protocol, content type, headers) is kept for assertions.
 */
public final class GrpcTraceCollector implements AutoCloseable {
  public static final String EXPORT_PATH =
      "/opentelemetry.proto.collector.trace.v1.TraceService/Export";

  /** What one call carried besides its message. */
  public record Call(String protocolVersion, String contentType, Map<String, String> headers) {}

  private final List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final WebServer server;

  private GrpcTraceCollector() {
    server =
        WebServer.builder()
            .host("127.0.0.1")
            .port(0)
            .routing(r -> r.post(EXPORT_PATH, this::export))
            .build()
            .start();
  }

  public static GrpcTraceCollector start() {
    return new GrpcTraceCollector();
  }

  /** The endpoint to configure ({@code http://127.0.0.1:<port>}). */
  public String endpoint() {
    return "http://127.0.0.1:" + server.port();
  }

  public List<ExportTraceServiceRequest> received() {
    return received;
  }

  public List<Call> calls() {
    return calls;
  }

  private void export(ServerRequest req, ServerResponse res) throws IOException {
    Map<String, String> headers = new ConcurrentHashMap<>();
    req.headers().forEach(h -> headers.put(h.name().toLowerCase(java.util.Locale.ROOT), h.get()));
    calls.add(
        new Call(
            req.prologue().protocolVersion(), headers.getOrDefault("content-type", ""), headers));
    try (InputStream body = req.content().inputStream()) {
      ByteBuffer frames = ByteBuffer.wrap(body.readAllBytes());
      while (frames.remaining() >= 5) {
        byte compressed = frames.get();
        int length = frames.getInt();
        if (compressed != 0) {
          throw new IOException("compressed gRPC frame; the fake reads uncompressed ones only");
        }
        byte[] message = new byte[length];
        frames.get(message);
        received.add(ExportTraceServiceRequest.parseFrom(message));
      }
    }
    res.header(HeaderNames.CONTENT_TYPE, "application/grpc");
    res.header(HeaderNames.TRAILER, "grpc-status"); // Helidon sends only announced trailers
    res.trailers().set(HeaderNames.create("grpc-status"), "0");
    // One frame holding an empty ExportTraceServiceResponse: uncompressed, length 0.
    res.send(new byte[] {0, 0, 0, 0, 0});
  }

  @Override
  public void close() {
    server.stop();
  }
}
