package dev.modelgate.route;

import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.upstream.Timeouts;

/**
 * One deployment a route can send to: an endpoint's adapter and the model name it knows. In a
 * wildcard route, {@code *} in {@code upstreamModel} stands for what the client's name matched.
 */
public record Target(
    String endpoint,
    ProviderAdapter adapter,
    String upstreamModel,
    Timeouts timeouts,
    TargetHealth health) {

  /** A target whose upstream has no active health check. */
  public Target(String endpoint, ProviderAdapter adapter, String upstreamModel, Timeouts timeouts) {
    this(endpoint, adapter, upstreamModel, timeouts, TargetHealth.UNCHECKED);
  }

  public String upstreamModelFor(String wildcardPart) {
    // Asked several times per call (dispatch, tracing); most targets name one model, no wildcard.
    return upstreamModel.indexOf('*') < 0
        ? upstreamModel
        : upstreamModel.replace("*", wildcardPart);
  }

  @Override
  public String toString() {
    return endpoint + "/" + upstreamModel;
  }
}
