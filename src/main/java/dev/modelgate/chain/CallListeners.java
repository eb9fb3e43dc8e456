package dev.modelgate.chain;

import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Usage;
import dev.modelgate.route.Target;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Several listeners heard as one, in order; {@link CallListener#NONE}s are left out. */
public final class CallListeners implements CallListener {
  private final List<CallListener> listeners;

  private CallListeners(List<CallListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  public static CallListener compose(CallListener... listeners) {
    List<CallListener> real = new ArrayList<>();
    for (CallListener listener : listeners) {
      if (listener != NONE) {
        real.add(listener);
      }
    }
    if (real.isEmpty()) {
      return NONE;
    }
    return real.size() == 1 ? real.get(0) : new CallListeners(real);
  }

  @Override
  public void attemptStart(Call call, Target target, int attempt) {
    listeners.forEach(l -> l.attemptStart(call, target, attempt));
  }

  @Override
  public void attemptEnd(Call call, Target target, @Nullable GatewayException failure) {
    listeners.forEach(l -> l.attemptEnd(call, target, failure));
  }

  @Override
  public void firstToken(Call call) {
    listeners.forEach(l -> l.firstToken(call));
  }

  @Override
  public void callEnd(
      Call call, int status, @Nullable Usage usage, @Nullable GatewayException failure) {
    listeners.forEach(l -> l.callEnd(call, status, usage, failure));
  }
}
