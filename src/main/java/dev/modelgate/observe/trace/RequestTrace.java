package dev.modelgate.observe.trace;

import dev.modelgate.auth.Principal;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.CallListener;
import dev.modelgate.chain.CallListeners;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.model.Usage;
import dev.modelgate.route.Target;
import dev.modelgate.upstream.TraceHeaders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The span tree of one request: the server span, one child per step before the chain (authenticate,
 * route), one per policy decision and one client span per upstream attempt. Used by the request's
 * own thread only. {@link #OFF} does nothing, so with tracing off a request pays a virtual call per
 * step.
 */
public class RequestTrace implements CallListener {
  /** No tracing: every method does nothing. */
  public static final RequestTrace OFF = new RequestTrace();

  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("modelgate.request_id");
  static final AttributeKey<String> KEY_ID = AttributeKey.stringKey("modelgate.key_id");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("modelgate.route");
  static final AttributeKey<String> TARGET = AttributeKey.stringKey("modelgate.target");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("modelgate.attempt");
  static final AttributeKey<Long> TTFT_MS = AttributeKey.longKey("modelgate.ttft_ms");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  private final @Nullable Tracer tracer;
  private final @Nullable Span root;
  private final Context context;
  private final @Nullable TextMapPropagator propagator;
  private final @Nullable ContentCapture capture;
  private final @Nullable GatewayTracing owner;
  // Every ended span, handed to the owner with the server span: the recent traces and the error
  // tail get a request's trace at once instead of keeping per-trace maps span by span.
  private final List<ReadableSpan> ended;
  private boolean failed;
  private @Nullable Span step;
  private @Nullable Span attempt;
  private @Nullable Scope attemptScope;
  private long attemptStarted;

  private RequestTrace() {
    this.tracer = null;
    this.root = null;
    this.context = Context.root();
    this.propagator = null;
    this.capture = null;
    this.owner = null;
    this.ended = List.of();
  }

  RequestTrace(
      Tracer tracer,
      Span root,
      Context context,
      TextMapPropagator propagator,
      @Nullable ContentRedactor redactor,
      GatewayTracing owner) {
    this.tracer = tracer;
    this.root = root;
    this.context = context;
    this.propagator = propagator;
    this.capture = redactor == null ? null : new ContentCapture(redactor);
    this.owner = owner;
    this.ended = new ArrayList<>(8);
  }

  /** The trace id (32 hex digits) for the access log, or null when not tracing. */
  public @Nullable String traceId() {
    return root == null ? null : root.getSpanContext().getTraceId();
  }

  /** Ends the step in progress and starts {@code name} ({@code authenticate}, {@code route}). */
  public void step(String name) {
    if (tracer == null) {
      return;
    }
    endStep(null);
    step = tracer.spanBuilder(name).setParent(context).startSpan();
  }

  /** The caller is known: its key id (a hash prefix, never the key) goes on the server span. */
  public void authenticated(Principal principal) {
    if (root != null) {
      root.setAttribute(KEY_ID, principal.keyId());
    }
  }

  /** The route is chosen; the request body goes on the span only when content capture is on. */
  public void routed(String model, Operation operation, byte[] body) {
    if (root == null) {
      return;
    }
    root.setAttribute(GenAiAttributes.REQUEST_MODEL, model);
    root.setAttribute(GenAiAttributes.OPERATION, GenAiAttributes.operation(operation));
    if (step != null) {
      step.setAttribute(ROUTE, model);
    }
    if (capture != null) {
      root.setAttribute(GenAiAttributes.INPUT_MESSAGES, capture.prompt(body));
    }
    endStep(null);
  }

  /**
   * The chain's reply as the front door will write it: unchanged unless content capture is on, when
   * its text is kept for the server span (set at {@link #finish}, streamed or not).
   */
  public Reply capture(Reply reply) {
    return capture == null ? reply : capture.watch(reply);
  }

  /** This trace and then {@code next}, as the call's listener. */
  public CallListener around(CallListener next) {
    return tracer == null ? next : CallListeners.of(this, next);
  }

  @Override
  public void decision(Call call, String name, String value) {
    if (tracer == null || root == null) {
      return;
    }
    root.setAttribute("modelgate." + name, value);
    end(
        tracer
            .spanBuilder("policy " + name)
            .setParent(context)
            .setAttribute("modelgate.decision", value)
            .startSpan());
  }

  // The scope spans two listener calls (attemptStart to attemptEnd, or finish after a fault).
  @SuppressWarnings("MustBeClosedChecker")
  @Override
  public void attemptStart(Call call, Target target, int number) {
    if (tracer == null || propagator == null) {
      return;
    }
    endStep(null);
    endAttempt(null);
    String model = call.route().upstreamModel(target);
    String operation = GenAiAttributes.operation(call.request().operation());
    String provider = target.adapter().providerName();
    Span span =
        tracer
            .spanBuilder(operation + " " + model)
            .setSpanKind(SpanKind.CLIENT)
            .setParent(context)
            .setAttribute(GenAiAttributes.OPERATION, operation)
            .setAttribute(GenAiAttributes.PROVIDER, provider)
            .setAttribute(GenAiAttributes.SYSTEM, provider)
            .setAttribute(GenAiAttributes.REQUEST_MODEL, model)
            .setAttribute(TARGET, target.toString())
            .setAttribute(ATTEMPT, (long) number)
            .startSpan();
    attempt = span;
    attemptStarted = System.nanoTime();
    // Current for the send, so the upstream client injects this span's id (TraceHeaders).
    attemptScope = context.with(span).with(TraceHeaders.PROPAGATOR, propagator).makeCurrent();
  }

  @Override
  public void attemptEnd(Call call, Target target, @Nullable GatewayException failure) {
    Span span = attempt;
    closeScope();
    if (span == null) {
      return;
    }
    if (failure != null) {
      endAttempt(failure);
      return;
    }
    // A reply (or a stream's first item) arrived: the rest of the answer still belongs to this
    // attempt, so its span ends with the call, with the usage.
    span.setAttribute(TTFT_MS, (System.nanoTime() - attemptStarted) / 1_000_000);
    span.setAttribute(GenAiAttributes.RESPONSE_MODEL, call.route().upstreamModel(target));
    span.addEvent("first_token");
  }

  /** The request ended: status, usage and failure on the server span; every open span ends. */
  public void finish(int status, @Nullable Usage usage, @Nullable GatewayException failure) {
    if (root == null) {
      return;
    }
    closeScope();
    endStep(failure);
    if (usage != null && attempt != null) {
      attempt.setAttribute(GenAiAttributes.INPUT_TOKENS, usage.promptTokens());
      attempt.setAttribute(GenAiAttributes.OUTPUT_TOKENS, usage.completionTokens());
    }
    endAttempt(status >= 500 ? failure : null);
    root.setAttribute(STATUS, (long) status);
    if (usage != null) {
      root.setAttribute(GenAiAttributes.INPUT_TOKENS, usage.promptTokens());
      root.setAttribute(GenAiAttributes.OUTPUT_TOKENS, usage.completionTokens());
    }
    if (failure != null) {
      root.setAttribute(GenAiAttributes.ERROR_TYPE, failure.getClass().getSimpleName());
    }
    String completion = capture == null ? null : capture.completion();
    if (completion != null) {
      root.setAttribute(GenAiAttributes.OUTPUT_MESSAGES, completion);
    }
    if (status >= 500) {
      root.setStatus(StatusCode.ERROR);
      failed = true;
    }
    end(root);
    if (owner != null && root instanceof ReadableSpan readable) {
      owner.ended(readable, ended, failed);
    }
  }

  private void end(Span span) {
    span.end();
    if (span instanceof ReadableSpan readable) {
      ended.add(readable);
    }
  }

  private void endStep(@Nullable GatewayException failure) {
    Span current = step;
    if (current != null) {
      step = null;
      fail(current, failure);
      end(current);
    }
  }

  private void endAttempt(@Nullable GatewayException failure) {
    Span current = attempt;
    if (current != null) {
      attempt = null;
      fail(current, failure);
      end(current);
    }
  }

  private void closeScope() {
    Scope scope = attemptScope;
    if (scope != null) {
      attemptScope = null;
      scope.close();
    }
  }

  private void fail(Span span, @Nullable GatewayException failure) {
    if (failure != null) {
      failed = true;
      span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
      span.setAttribute(GenAiAttributes.ERROR_TYPE, failure.getClass().getSimpleName());
    }
  }

  /** The call ended: handled by {@link #finish}, which the front door calls whatever happened. */
  @Override
  public void callEnd(
      Call call, int status, @Nullable Usage usage, @Nullable GatewayException failure) {}
}
