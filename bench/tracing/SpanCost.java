// CPU cost of OpenTelemetry's SDK for one gateway-shaped trace (server, authenticate, route and one
// client span with the gateway's attributes), without the gateway, run as a single-file program:
//   java -cp "$(cat cp.txt)" SpanCost.java MODE TRACES      (bench/tracing/run.sh builds cp.txt)
// MODE: none (spans only), snapshot (+ a SpanData copy per span), marshal (+ the OTLP protobuf
// marshaler into memory), export (+ OTLP/HTTP through the OkHttp sender to -Dsink=URL, default an
// in-process sink). The BatchSpanProcessor is flushed every -Dbatch=128 traces so no span is dropped.
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.*;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.*;
import io.opentelemetry.sdk.trace.export.*;
import com.sun.net.httpserver.HttpServer;
import java.lang.management.*;
import java.net.InetSocketAddress;

public class SpanCost {
  static final int BATCH = Integer.getInteger("batch", 128);
  static void trace(Tracer t, boolean fewAttrs) {
    Span root = t.spanBuilder("POST /v1/chat/completions").setSpanKind(SpanKind.SERVER)
        .setAttribute("modelgate.request_id", "req_0123456789abcdef").setAttribute("http.request.method","POST")
        .setAttribute("url.path","/v1/chat/completions").startSpan();
    Context ctx = Context.root().with(root);
    Span a = t.spanBuilder("authenticate").setParent(ctx).startSpan(); a.end();
    root.setAttribute("modelgate.key_id","vk_12345678");
    Span r = t.spanBuilder("route").setParent(ctx).startSpan();
    r.setAttribute("modelgate.route","bench");
    root.setAttribute("gen_ai.request.model","bench"); root.setAttribute("gen_ai.operation.name","chat");
    r.end();
    SpanBuilder b = t.spanBuilder("chat bench-upstream").setSpanKind(SpanKind.CLIENT).setParent(ctx)
        .setAttribute("gen_ai.operation.name","chat").setAttribute("gen_ai.provider.name","openai")
        .setAttribute("gen_ai.request.model","bench-upstream").setAttribute("modelgate.target","nginx/bench-upstream")
        .setAttribute(AttributeKey.longKey("modelgate.attempt"), 1L);
    if (!fewAttrs) b.setAttribute("gen_ai.system","openai");
    Span c = b.startSpan();
    c.setAttribute(AttributeKey.longKey("modelgate.ttft_ms"), 1L); c.setAttribute("gen_ai.response.model","bench-upstream");
    if (!fewAttrs) c.addEvent("first_token");
    c.setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 12L); c.setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 14L);
    c.end();
    root.setAttribute(AttributeKey.longKey("http.response.status_code"), 200L);
    if (!fewAttrs) { root.setAttribute(AttributeKey.longKey("gen_ai.usage.input_tokens"), 12L); root.setAttribute(AttributeKey.longKey("gen_ai.usage.output_tokens"), 14L); }
    root.end();
  }
  public static void main(String[] args) throws Exception {
    String mode = args[0]; int n = Integer.parseInt(args[1]);
    HttpServer sink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sink.createContext("/v1/traces", ex -> { ex.getRequestBody().readAllBytes(); ex.sendResponseHeaders(200, -1); ex.close(); });
    sink.start();
    SdkTracerProviderBuilder pb = SdkTracerProvider.builder();
    if (mode.contains("export")) pb.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder().setMemoryMode(io.opentelemetry.sdk.common.export.MemoryMode.valueOf(System.getProperty("mm","REUSABLE_DATA"))).setEndpoint(System.getProperty("sink", "http://127.0.0.1:"+sink.getAddress().getPort()+"/v1/traces")).build()).setMaxQueueSize(16384).setMaxExportBatchSize(Integer.getInteger("maxbatch",512)).build());
    if (mode.contains("marshal")) pb.addSpanProcessor(BatchSpanProcessor.builder(new SpanExporter(){
      final io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler m = new io.opentelemetry.exporter.internal.otlp.traces.LowAllocationTraceRequestMarshaler();
      final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      public io.opentelemetry.sdk.common.CompletableResultCode export(java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans){
        try { m.initialize(spans); out.reset(); m.writeBinaryTo(out); m.reset(); } catch (java.io.IOException e) { throw new RuntimeException(e); }
        return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess(); }
      public io.opentelemetry.sdk.common.CompletableResultCode flush(){return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();}
      public io.opentelemetry.sdk.common.CompletableResultCode shutdown(){return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();}
    }).setMaxQueueSize(4096).build());
    if (mode.contains("snapshot")) pb.addSpanProcessor(new SpanProcessor(){
      public void onStart(Context c, ReadWriteSpan s){} public boolean isStartRequired(){return false;}
      public void onEnd(ReadableSpan s){ s.toSpanData(); } public boolean isEndRequired(){return true;}});
    SdkTracerProvider p = pb.build();
    Tracer t = p.get("x");
    boolean few = mode.contains("few");
    for (int i = 0; i < n; i++) { trace(t, few); if (i % BATCH == BATCH - 1) p.forceFlush().join(60, java.util.concurrent.TimeUnit.SECONDS); } // warm
    p.forceFlush().join(60, java.util.concurrent.TimeUnit.SECONDS);
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long c0 = os.getProcessCpuTime(); long w0 = System.nanoTime();
    for (int i = 0; i < n; i++) { trace(t, few); if (i % BATCH == BATCH - 1) p.forceFlush().join(60, java.util.concurrent.TimeUnit.SECONDS); }
    p.forceFlush().join(60, java.util.concurrent.TimeUnit.SECONDS);
    long c1 = os.getProcessCpuTime();
    System.out.printf("%-22s %.2f µs CPU per trace%n", mode, (c1 - c0) / 1000.0 / n);
    p.shutdown(); sink.stop(0);
  }
}
