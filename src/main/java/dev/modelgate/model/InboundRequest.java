package dev.modelgate.model;

import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A client request as it arrived: the raw body in the client's protocol plus the few fields routing
 * needs, read without building a tree. The canonical form is decoded only when something asks for
 * it (a policy that reads the body, or a target that speaks another protocol); until a policy
 * replaces it, a target speaking the client's protocol gets the raw body relayed.
 *
 * <p>Not thread-safe: a call is handled by one thread.
 */
public final class InboundRequest {
  private final WireProtocol protocol;
  private final Operation operation;
  private final byte[] body;
  private final String model;
  private final boolean stream;
  private final boolean includeUsage;
  private final List<String> topLevelKeys;
  private final Function<byte[], CanonicalRequest> decoder;
  private final int @Nullable [] modelSpan;
  private @Nullable CanonicalRequest canonical;
  private boolean replaced;

  /**
   * A request whose body holds its model's string value at bytes {@code modelStart} to {@code
   * modelEnd} (quotes included; -1 when not known, as for a body the gateway built), as the request
   * scan found it.
   */
  public InboundRequest(
      WireProtocol protocol,
      Operation operation,
      byte[] body,
      String model,
      boolean stream,
      boolean includeUsage,
      List<String> topLevelKeys,
      Function<byte[], CanonicalRequest> decoder,
      int modelStart,
      int modelEnd) {
    this.protocol = protocol;
    this.operation = operation;
    this.body = body;
    this.model = model;
    this.stream = stream;
    this.includeUsage = includeUsage;
    this.topLevelKeys = List.copyOf(topLevelKeys);
    this.decoder = decoder;
    this.modelSpan = modelStart < 0 ? null : new int[] {modelStart, modelEnd};
  }

  public WireProtocol protocol() {
    return protocol;
  }

  public Operation operation() {
    return operation;
  }

  /** The body exactly as the client sent it. */
  public byte[] body() {
    return body;
  }

  /** The byte span of the model's string value in {@link #body}, or null when not known. */
  public int @Nullable [] modelSpan() {
    return modelSpan;
  }

  /** The public model name the client asked for. */
  public String model() {
    return model;
  }

  public boolean stream() {
    return stream;
  }

  /** Whether the client asked for usage in the stream ({@code stream_options.include_usage}). */
  public boolean includeUsage() {
    return includeUsage;
  }

  /** Names of the body's top-level fields, in order. */
  public List<String> topLevelKeys() {
    return topLevelKeys;
  }

  /** The canonical request, decoded on first use. */
  public CanonicalRequest canonical() {
    CanonicalRequest decoded = canonical;
    if (decoded == null) {
      decoded = decoder.apply(body);
      canonical = decoded;
    }
    return decoded;
  }

  /** Replaces the request (a policy rewrote it); from now on the raw body is no longer relayed. */
  public void replace(CanonicalRequest request) {
    canonical = request;
    replaced = true;
  }

  /**
   * The same request for another call (a mirrored one on another thread): the copy decodes on its
   * own, and carries a replacement a policy made. Call it on the thread that owns this request.
   */
  public InboundRequest copy() {
    InboundRequest copy =
        new InboundRequest(
            protocol,
            operation,
            body,
            model,
            stream,
            includeUsage,
            topLevelKeys,
            decoder,
            modelSpan == null ? -1 : modelSpan[0],
            modelSpan == null ? -1 : modelSpan[1]);
    copy.canonical = canonical;
    copy.replaced = replaced;
    return copy;
  }

  /** Whether an upstream speaking {@code upstreamProtocol} may be sent the raw body. */
  public boolean relayableTo(WireProtocol upstreamProtocol) {
    return !replaced && protocol == upstreamProtocol;
  }
}
