package dev.modelgate.testkit;

import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.provider.spi.Capabilities;
import dev.modelgate.provider.spi.Invocation;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.route.Target;
import dev.modelgate.upstream.Timeouts;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * An adapter for policy tests on a real chain without a network: each send takes the next scripted
 * step (an answer or a failure), then repeats the last one; it records what it was sent.
 */
public final class ScriptedAdapter implements ProviderAdapter {
  private final Deque<Supplier<Reply>> script = new ArrayDeque<>();
  private Supplier<Reply> last;
  private final List<Invocation> received = new ArrayList<>();

  private ScriptedAdapter(Supplier<Reply> first) {
    this.last = first;
    script.add(first);
  }

  public static ScriptedAdapter answering(Supplier<Reply> reply) {
    return new ScriptedAdapter(reply);
  }

  public static ScriptedAdapter failing(GatewayException failure) {
    return new ScriptedAdapter(
        () -> {
          throw failure;
        });
  }

  /** Then, for the next send, {@code reply} (steps run in the order they were added). */
  public synchronized ScriptedAdapter then(Supplier<Reply> reply) {
    script.add(reply);
    return this;
  }

  public synchronized ScriptedAdapter thenFail(GatewayException failure) {
    return then(
        () -> {
          throw failure;
        });
  }

  public Target target(String endpoint) {
    return new Target(endpoint, this, "m", Timeouts.DEFAULT);
  }

  public synchronized int calls() {
    return received.size();
  }

  public synchronized List<Invocation> received() {
    return List.copyOf(received);
  }

  @Override
  public Capabilities capabilities() {
    return new Capabilities(
        Set.of(Operation.CHAT, Operation.COMPLETION), true, true, true, true, true, true);
  }

  @Override
  public Reply send(Invocation invocation) {
    Supplier<Reply> step;
    synchronized (this) {
      received.add(invocation);
      Supplier<Reply> next = script.poll();
      if (next != null) {
        last = next;
      }
      step = last;
    }
    return step.get();
  }
}
