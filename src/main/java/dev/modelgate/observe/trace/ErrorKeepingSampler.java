package dev.modelgate.observe.trace;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Parent-based ratio sampling that records what it does not sample: whether a trace ends in an
 * error is known only at its end, so unsampled spans are recorded (not exported) and {@link
 * GatewayTracing#ended} exports the traces among them that failed.
 */
final class ErrorKeepingSampler implements Sampler {
  private static final SamplingResult RECORD_ONLY =
      SamplingResult.create(SamplingDecision.RECORD_ONLY);

  private final Sampler delegate;

  ErrorKeepingSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    SamplingResult result =
        delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    return result.getDecision() == SamplingDecision.DROP ? RECORD_ONLY : result;
  }

  @Override
  public String getDescription() {
    return "ErrorKeeping{" + delegate.getDescription() + "}";
  }
}
