package dev.modelgate.policy.ratelimit;

import dev.modelgate.chain.Call;
import dev.modelgate.chain.CallListener;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Usage;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What an admitted call settles when it ends: the tokens it reserved against what its usage says
 * (given back, or taken when it used more), and its concurrency slots released. A call that ended
 * without usage (it failed, or the client left) gives back its completion reservation only.
 */
record Settlement(
    RateLimitBuckets buckets,
    Admission admission,
    List<Charge> charges,
    String lease,
    long completionReserve)
    implements CallListener {

  @Override
  public void callEnd(
      Call call, int status, @Nullable Usage usage, @Nullable GatewayException failure) {
    List<Charge> adjustments = new ArrayList<>(charges.size());
    for (Charge charge : charges) {
      switch (charge.bucket().kind()) {
        case TOKENS -> {
          long back =
              usage != null
                  ? charge.amount() - (usage.promptTokens() + usage.completionTokens())
                  : completionReserve;
          if (back != 0) {
            adjustments.add(new Charge(charge.bucket(), back));
          }
        }
        case CONCURRENT -> adjustments.add(charge);
        case REQUESTS -> {
          // a request is a request, whatever happened to it
        }
      }
    }
    if (!adjustments.isEmpty()) {
      buckets.settle(admission, adjustments, lease);
    }
  }
}
