package dev.modelgate.chain;

import dev.modelgate.error.GatewayException;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.StreamItem;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.route.RouteMatch;
import dev.modelgate.route.Target;
import org.jspecify.annotations.Nullable;

/**
 * The end of the chain: one attempt on one target. For a stream it reads the first item before
 * returning (the first-chunk barrier), so a failure before any output is an exception that retry
 * and fallback see, while a failure after it ends the stream.
 */
final class Dispatch {
  Reply dispatch(Call call) {
    Target target = choose(call);
    call.attempt(target);
    call.listener().attemptStart(call, target, call.attempts());
    RouteMatch route = call.route();
    Invocation invocation =
        new Invocation(
            call.request(), route.publicModel(), route.upstreamModel(target), target.timeouts());
    try {
      Reply reply = target.adapter().send(invocation);
      Reply checked =
          reply instanceof Reply.Streaming streaming ? barrier(call, streaming.stream()) : reply;
      if (checked instanceof Reply.Complete) {
        call.firstToken();
      }
      call.listener().attemptEnd(call, target, null);
      return checked;
    } catch (GatewayException e) {
      call.listener().attemptEnd(call, target, e);
      throw e;
    }
  }

  /**
   * The first target that can do what the call asks and whose upstream passes its health check; if
   * every capable one fails its check, the first capable one anyway (a failing check must not turn
   * into an outage of its own).
   */
  private static Target choose(Call call) {
    Operation operation = call.request().operation();
    Target fallback = null;
    for (Target target : call.targets()) {
      if (target.adapter().capabilities().supports(operation)) {
        if (call.request().stream() && !target.adapter().capabilities().streaming()) {
          continue;
        }
        if (target.health().inRotation()) {
          return target;
        }
        if (fallback == null) {
          fallback = target;
        }
      }
    }
    if (fallback != null) {
      return fallback;
    }
    throw new InvalidRequest(
        "The model `" + call.route().publicModel() + "` does not support " + describe(call),
        "model",
        "unsupported_operation");
  }

  private static String describe(Call call) {
    String op = call.request().operation().name().toLowerCase(java.util.Locale.ROOT);
    return call.request().stream() ? "streaming " + op : op;
  }

  private static Reply barrier(Call call, ChunkStream stream) {
    StreamItem first;
    try {
      first = stream.next();
    } catch (RuntimeException e) {
      stream.close();
      throw e;
    }
    call.firstToken();
    return new Reply.Streaming(new PrefetchedStream(first, stream));
  }

  /** A stream whose first item was already read. */
  private static final class PrefetchedStream implements ChunkStream {
    private @Nullable StreamItem first;
    private boolean firstTaken;
    private final ChunkStream rest;

    PrefetchedStream(@Nullable StreamItem first, ChunkStream rest) {
      this.first = first;
      this.rest = rest;
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
    }
  }
}
