package dev.modelgate.chain;

import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Usage;
import dev.modelgate.route.Target;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Several listeners as one, told in order; {@link CallListener#NONE}s are left out. */
public final class CallListeners implements CallListener {
  private final CallListener[] listeners;

  private CallListeners(List<CallListener> listeners) {
    this.listeners = listeners.toArray(CallListener[]::new);
  }

  /** One listener telling each of {@code listeners}; a single one is returned as it is. */
  public static CallListener of(CallListener... listeners) {
    List<CallListener> kept = new ArrayList<>();
    for (CallListener listener : listeners) {
      if (listener != CallListener.NONE) {
        kept.add(listener);
      }
    }
    return switch (kept.size()) {
      case 0 -> CallListener.NONE;
      case 1 -> kept.get(0);
      default -> new CallListeners(kept);
    };
  }

  @Override
  public void attemptStart(Call call, Target target, int attempt) {
    for (CallListener listener : listeners) {
      listener.attemptStart(call, target, attempt);
    }
  }

  @Override
  public void attemptEnd(Call call, Target target, @Nullable GatewayException failure) {
    for (CallListener listener : listeners) {
      listener.attemptEnd(call, target, failure);
    }
  }

  @Override
  public void firstToken(Call call) {
    for (CallListener listener : listeners) {
      listener.firstToken(call);
    }
  }

  @Override
  public void decision(Call call, String name, String value) {
    for (CallListener listener : listeners) {
      listener.decision(call, name, value);
    }
  }

  @Override
  public void callEnd(
      Call call, int status, @Nullable Usage usage, @Nullable GatewayException failure) {
    for (CallListener listener : listeners) {
      listener.callEnd(call, status, usage, failure);
    }
  }
}
