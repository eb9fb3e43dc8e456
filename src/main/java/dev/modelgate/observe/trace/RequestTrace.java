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
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The span tree of one request: the server span, one child per step before the chain (authenticate,
 * route), one per policy decision and one client span per upstream attempt. Spans are kept as
 * {@link SpanRecord}s and handed to {@link GatewayTracing} when the request ends, which exports
 * them if the trace is sampled (or failed, with keep_errors) and keeps them among the recent
 * traces. Used by the request's own thread only. {@link #OFF} does nothing, so with tracing off a
 * request pays a virtual call per step.
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
  static final AttributeKey<String> DECISION = AttributeKey.stringKey("modelgate.decision");
  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  // A policy's decision goes on the server span under modelgate.<policy>; policies are few.
  private static final Map<String, AttributeKey<String>> DECISION_KEYS = new ConcurrentHashMap<>();

  private final @Nullable GatewayTracing owner;
  private final @Nullable TraceIds ids;
  private final Context parent;
  private final @Nullable TextMapPropagator propagator;
  private final @Nullable ContentCapture capture;
  private final long epochAnchor;
  private final @Nullable SpanRecord root;
  private final List<SpanRecord> records;
  private boolean failed;
  private boolean finished;
  private @Nullable SpanRecord step;
  private @Nullable SpanRecord attempt;
  private @Nullable Scope attemptScope;

  private RequestTrace() {
    this.owner = null;
    this.ids = null;
    this.parent = Context.root();
    this.propagator = null;
    this.capture = null;
    this.epochAnchor = 0;
    this.root = null;
    this.records = List.of();
  }

  /** The server span starts now, {@code epochNow} nanoseconds after the epoch. */
  RequestTrace(
      GatewayTracing owner,
      TraceIds ids,
      Context parent,
      TextMapPropagator propagator,
      @Nullable ContentRedactor redactor,
      long epochNow,
      String requestId,
      String method,
      String path) {
    this.owner = owner;
    this.ids = ids;
    this.parent = parent;
    this.propagator = propagator;
    this.capture = redactor == null ? null : new ContentCapture(redactor);
    this.epochAnchor = epochNow;
    this.records = new ArrayList<>(6);
    this.root = open(method, path, SpanKind.SERVER, 12);
    root.put(REQUEST_ID, requestId).put(METHOD, method).put(PATH, path);
  }

  /** The trace id (32 hex digits) for the access log, or null when not tracing. */
  public @Nullable String traceId() {
    return ids == null ? null : ids.traceId();
  }

  /** Ends the step in progress and starts {@code name} ({@code authenticate}, {@code route}). */
  public void step(String name) {
    if (recordingRoot() == null) {
      return;
    }
    endStep(null);
    step = open(name, null, SpanKind.INTERNAL, 1);
  }

  /** The caller is known: its key id (a hash prefix, never the key) goes on the server span. */
  public void authenticated(Principal principal) {
    SpanRecord server = recordingRoot();
    if (server != null) {
      server.put(KEY_ID, principal.keyId());
    }
  }

  /** The route is chosen; the request body goes on the span only when content capture is on. */
  public void routed(String model, Operation operation, byte[] body) {
    SpanRecord server = recordingRoot();
    if (server == null) {
      return;
    }
    server.put(GenAiAttributes.REQUEST_MODEL, model);
    server.put(GenAiAttributes.OPERATION, GenAiAttributes.operation(operation));
    if (step != null) {
      step.put(ROUTE, model);
    }
    if (capture != null) {
      server.put(GenAiAttributes.INPUT_MESSAGES, capture.prompt(body));
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
    return root == null ? next : CallListeners.of(this, next);
  }

  @Override
  public void decision(Call call, String name, String value) {
    SpanRecord server = recordingRoot();
    if (server == null) {
      return;
    }
    server.put(
        DECISION_KEYS.computeIfAbsent(name, n -> AttributeKey.stringKey("modelgate." + n)), value);
    open("policy", name, SpanKind.INTERNAL, 1).put(DECISION, value).end(null);
  }

  // The scope spans two listener calls (attemptStart to attemptEnd, or finish after a fault).
  @SuppressWarnings("MustBeClosedChecker")
  @Override
  public void attemptStart(Call call, Target target, int number) {
    if (recordingRoot() == null || ids == null || propagator == null) {
      return;
    }
    endStep(null);
    endAttempt(null);
    String model = call.route().upstreamModel(target);
    String operation = GenAiAttributes.operation(call.request().operation());
    String provider = target.adapter().providerName();
    SpanRecord span =
        open(operation, model, SpanKind.CLIENT, 12)
            .put(GenAiAttributes.OPERATION, operation)
            .put(GenAiAttributes.PROVIDER, provider)
            .put(GenAiAttributes.SYSTEM, provider)
            .put(GenAiAttributes.REQUEST_MODEL, model)
            .describe(TARGET, target)
            .put(ATTEMPT, (long) number);
    attempt = span;
    // Current for the send, so the upstream client injects this span's id (TraceHeaders).
    attemptScope =
        parent
            .with(Span.wrap(ids.context(span.spanId)))
            .with(TraceHeaders.PROPAGATOR, propagator)
            .makeCurrent();
  }

  @Override
  public void attemptEnd(Call call, Target target, @Nullable GatewayException failure) {
    SpanRecord span = attempt;
    closeScope();
    if (span == null || finished) {
      return;
    }
    if (failure != null) {
      endAttempt(failure);
      return;
    }
    // A reply (or a stream's first item) arrived: the rest of the answer still belongs to this
    // attempt, so its span ends with the call, with the usage.
    span.firstToken = System.nanoTime();
    span.put(TTFT_MS, (span.firstToken - span.start) / 1_000_000);
    span.put(GenAiAttributes.RESPONSE_MODEL, call.route().upstreamModel(target));
  }

  /**
   * The request ended: status, usage and failure on the server span; every open span ends and the
   * trace is handed over. A second call does nothing (the trace is exported and kept once).
   */
  public void finish(int status, @Nullable Usage usage, @Nullable GatewayException failure) {
    SpanRecord server = root;
    if (server == null || owner == null || ids == null || finished) {
      return;
    }
    finished = true;
    closeScope();
    endStep(failure);
    if (usage != null && attempt != null) {
      attempt.put(GenAiAttributes.INPUT_TOKENS, usage.promptTokens());
      attempt.put(GenAiAttributes.OUTPUT_TOKENS, usage.completionTokens());
    }
    endAttempt(status >= 500 ? failure : null);
    server.put(STATUS, (long) status);
    if (usage != null) {
      server.put(GenAiAttributes.INPUT_TOKENS, usage.promptTokens());
      server.put(GenAiAttributes.OUTPUT_TOKENS, usage.completionTokens());
    }
    if (failure != null) {
      server.put(GenAiAttributes.ERROR_TYPE, failure.getClass().getSimpleName());
    }
    String completion = capture == null ? null : capture.completion();
    if (completion != null) {
      server.put(GenAiAttributes.OUTPUT_MESSAGES, completion);
    }
    if (status >= 500) {
      server.status = StatusData.error();
      failed = true;
    }
    server.end(null);
    owner.ended(new RecordedTrace(ids, server, records, epochAnchor, owner.resource()), failed);
  }

  /**
   * The server span while the trace records; null when not tracing or once finished (the trace then
   * belongs to the recent traces and the exporters, and nothing changes it).
   */
  private @Nullable SpanRecord recordingRoot() {
    return finished ? null : root;
  }

  private SpanRecord open(String name, @Nullable String detail, SpanKind kind, int capacity) {
    SpanRecord span =
        new SpanRecord(name, detail, kind, TraceIds.newSpanId(), System.nanoTime(), capacity);
    records.add(span);
    return span;
  }

  private void endStep(@Nullable GatewayException failure) {
    SpanRecord current = step;
    if (current != null) {
      step = null;
      current.end(failureName(failure));
    }
  }

  private void endAttempt(@Nullable GatewayException failure) {
    SpanRecord current = attempt;
    if (current != null) {
      attempt = null;
      current.end(failureName(failure));
    }
  }

  private @Nullable String failureName(@Nullable GatewayException failure) {
    if (failure == null) {
      return null;
    }
    failed = true;
    return failure.getClass().getSimpleName();
  }

  private void closeScope() {
    Scope scope = attemptScope;
    if (scope != null) {
      attemptScope = null;
      scope.close();
    }
  }

  /** The call ended: handled by {@link #finish}, which the front door calls whatever happened. */
  @Override
  public void callEnd(
      Call call, int status, @Nullable Usage usage, @Nullable GatewayException failure) {}
}
