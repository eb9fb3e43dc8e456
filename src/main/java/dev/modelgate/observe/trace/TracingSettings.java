package dev.modelgate.observe.trace;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The {@code observability.tracing} section. With {@code enabled} false nothing is recorded and the
 * hot path pays one branch per step; with it on, spans go to the OTLP endpoint (if any) and the
 * last {@code recentTraces} traces stay in memory for the admin API.
 *
 * @param sampleRatio the share of new traces sampled (a client's sampled flag decides for its own)
 * @param keepErrors export unsampled traces that ended in an error all the same
 * @param propagators {@code tracecontext}, {@code baggage}, {@code b3}, {@code b3multi}
 * @param captureContent put prompt and completion text on spans, through the redactor
 */
public record TracingSettings(
    boolean enabled,
    String serviceName,
    double sampleRatio,
    boolean keepErrors,
    List<String> propagators,
    int recentTraces,
    boolean captureContent,
    @Nullable Otlp otlp) {

  /**
   * Where spans are exported: {@code http} (OTLP/HTTP protobuf) or {@code grpc}. The headers carry
   * the collector's credentials, so {@link #toString} names them without their values (and drops
   * any user info from the endpoint): settings are printed in logs and error messages.
   */
  public record Otlp(URI endpoint, String protocol, Map<String, String> headers, Duration timeout) {
    public Otlp {
      headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
      String where =
          endpoint.getRawUserInfo() == null
              ? endpoint.toString()
              : endpoint.toString().replace(endpoint.getRawUserInfo() + "@", "<redacted>@");
      return "Otlp[endpoint="
          + where
          + ", protocol="
          + protocol
          + ", headers="
          + new TreeSet<>(headers.keySet()).stream().map(name -> name + "=<redacted>").toList()
          + ", timeout="
          + timeout
          + "]";
    }
  }

  public static final List<String> PROPAGATORS =
      List.of("tracecontext", "baggage", "b3", "b3multi");
  public static final List<String> PROTOCOLS = List.of("http", "grpc");

  public static final TracingSettings DISABLED =
      new TracingSettings(false, "modelgate", 1.0, true, List.of("tracecontext"), 100, false, null);

  public TracingSettings {
    propagators = List.copyOf(propagators);
  }
}
