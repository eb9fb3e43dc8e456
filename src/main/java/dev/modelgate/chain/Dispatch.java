package dev.modelgate.chain;

import dev.modelgate.error.GatewayException;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.error.TargetUnavailable;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.StreamItem;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.route.RouteMatch;
import dev.modelgate.route.Target;
import dev.modelgate.route.TargetSelector;
import dev.modelgate.route.TargetStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * The end of the chain: one attempt on one target. For a stream it reads the first item before
 * returning (the first-chunk barrier), so a failure before any output is an exception that retry
 * and fallback see, while a failure after it ends the stream.
 */
final class Dispatch {
  private final List<TargetGate> gates;

  Dispatch(List<TargetGate> gates) {
    this.gates = List.copyOf(gates);
  }

  Reply dispatch(Call call) {
    Target target = choose(call);
    call.attempt(target);
    call.listener().attemptStart(call, target, call.attempts());
    RouteMatch route = call.route();
    Invocation invocation =
        new Invocation(
            call.request(), route.publicModel(), route.upstreamModel(target), target.timeouts());
    TargetStats stats = route.route().selector().stats(target);
    long started = System.nanoTime();
    stats.begin();
    boolean streaming = false;
    try {
      Reply reply = target.adapter().send(invocation);
      Reply checked =
          reply instanceof Reply.Streaming s ? barrier(call, s.stream(), stats::end) : reply;
      streaming = checked instanceof Reply.Streaming;
      if (checked instanceof Reply.Complete) {
        call.firstToken();
      }
      stats.latency(Duration.ofNanos(System.nanoTime() - started));
      call.listener().attemptEnd(call, target, null);
      return checked;
    } catch (GatewayException e) {
      call.listener().attemptEnd(call, target, e);
      throw e;
    } finally {
      if (!streaming) {
        stats.end(); // a stream is in flight until it is closed
      }
    }
  }

  /**
   * The route's choice among the targets that can do what the call asks, pass their health check
   * and are admitted by every gate (no open circuit). If every capable one fails its health check,
   * the choice among those anyway (a failing check must not turn into an outage of its own); if the
   * gates keep every one out, the attempt fails without being tried.
   */
  private Target choose(Call call) {
    Operation operation = call.request().operation();
    List<Target> capable = new ArrayList<>();
    for (Target target : call.targets()) {
      Capabilities can = target.adapter().capabilities();
      if (can.supports(operation) && (!call.request().stream() || can.streaming())) {
        capable.add(target);
      }
    }
    if (capable.isEmpty()) {
      throw new InvalidRequest(
          "The model `" + call.route().publicModel() + "` does not support " + describe(call),
          "model",
          "unsupported_operation");
    }
    List<Target> admitted = capable.stream().filter(this::admitted).toList();
    List<Target> healthy = admitted.stream().filter(t -> t.health().inRotation()).toList();
    TargetSelector selector = call.route().route().selector();
    if (!healthy.isEmpty()) {
      return selector.choose(healthy);
    }
    if (!admitted.isEmpty()) {
      return selector.choose(admitted);
    }
    throw new TargetUnavailable(
        "Every target of `" + call.route().publicModel() + "` is skipped: its circuit is open",
        null,
        false);
  }

  private boolean admitted(Target target) {
    for (TargetGate gate : gates) {
      if (!gate.admits(target)) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Call call) {
    String op = call.request().operation().label();
    return call.request().stream() ? "streaming " + op : op;
  }

  private static Reply barrier(Call call, ChunkStream stream, Runnable onClose) {
    StreamItem first;
    try {
      first = stream.next();
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
    call.firstToken();
    return new Reply.Streaming(new PrefetchedStream(first, stream, onClose));
  }

  /** A stream whose first item was already read. */
  private static final class PrefetchedStream implements ChunkStream {
    private @Nullable StreamItem first;
    private boolean firstTaken;
    private final ChunkStream rest;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    PrefetchedStream(@Nullable StreamItem first, ChunkStream rest, Runnable onClose) {
      this.first = first;
      this.rest = rest;
      this.onClose = onClose;
    }

    @Override
    public @Nullable StreamItem next() {
      if (!firstTaken) {
        firstTaken = true;
        StreamItem item = first;
        first = null;
        return item;
      }
      return rest.next();
    }

    @Override
    public void close() {
      rest.close();
      if (closed.compareAndSet(false, true)) {
        onClose.run();
      }
    }
  }
}
