package dev.modelgate.policy.cache;

import dev.modelgate.chain.AnswerHeaders;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.Reply;
import dev.modelgate.model.ResponseBody;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Answers from the route's cache when it holds a fresh answer to the same request, and keeps the
 * route's own answers (never a fallback's). The client opts out per request: {@code Cache-Control:
 * no-cache} skips the lookup but keeps the new answer, {@code no-store} does neither. Each call is
 * counted in {@code modelgate_cache_requests_total{route,result}} and marked in the {@code
 * x-modelgate-cache} header.
 */
public final class CachePolicy implements Policy {
  private final CacheSettings settings;
  private final ResponseCache cache;
  private final Clock clock;
  private final Counter hits;
  private final Counter misses;
  private final Counter bypasses;

  public CachePolicy(
      String route,
      CacheSettings settings,
      ResponseCache cache,
      Clock clock,
      MeterRegistry registry) {
    this.settings = settings;
    this.cache = cache;
    this.clock = clock;
    this.hits = counter(registry, route, "hit");
    this.misses = counter(registry, route, "miss");
    this.bypasses = counter(registry, route, "bypass");
  }

  private static Counter counter(MeterRegistry registry, String route, String result) {
    return Counter.builder("modelgate.cache.requests")
        .description("Calls on routes with a response cache, by how the cache served them")
        .tag("route", route)
        .tag("result", result)
        .register(registry);
  }

  @Override
  public Reply apply(Call call, Next next) {
    String control = directives(call.header("cache-control"));
    if (control.contains("no-store")) {
      call.responseHeader(AnswerHeaders.CACHE, "bypass");
      call.decision("cache", "bypass");
      bypasses.increment();
      return next.proceed(call);
    }
    String key = CacheKeys.of(call, settings.scope());
    if (!control.contains("no-cache")) {
      CachedAnswer cached = cache.get(key);
      if (cached != null && fresh(cached)) {
        call.responseHeader(AnswerHeaders.CACHE, "hit");
        call.decision("cache", "hit");
        hits.increment();
        return cached.replay();
      }
      Reply other = call.request().stream() ? wholeAsStream(call) : streamAsWhole(call);
      if (other != null) {
        call.responseHeader(AnswerHeaders.CACHE, "hit");
        call.decision("cache", "hit");
        hits.increment();
        return other;
      }
    }
    call.responseHeader(AnswerHeaders.CACHE, "miss");
    call.decision("cache", "miss");
    misses.increment();
    Reply reply = next.proceed(call);
    return switch (reply) {
      case Reply.Complete complete -> {
        if (ownAnswer(call)) {
          cache.put(key, new CachedAnswer.Whole(complete.body(), clock.instant()));
        }
        yield reply;
      }
      case Reply.Streaming streaming ->
          new Reply.Streaming(
              new RecordingStream(
                  streaming.stream(),
                  items -> {
                    if (ownAnswer(call)) {
                      cache.put(key, new CachedAnswer.Streamed(items, clock.instant()));
                    }
                  }));
    };
  }

  /** A fresh complete answer to the same request, replayed as a stream for a streaming client. */
  private @Nullable Reply wholeAsStream(Call call) {
    CachedAnswer cached = cache.get(CacheKeys.of(call, settings.scope(), false));
    if (!(cached instanceof CachedAnswer.Whole whole) || !fresh(cached)) {
      return null;
    }
    ChunkStream stream = CachedStreams.of(whole.body());
    return stream == null ? null : new Reply.Streaming(stream);
  }

  /** A fresh streamed answer to the same request, assembled for a client that did not stream. */
  private @Nullable Reply streamAsWhole(Call call) {
    CachedAnswer cached = cache.get(CacheKeys.of(call, settings.scope(), true));
    if (!(cached instanceof CachedAnswer.Streamed streamed) || !fresh(cached)) {
      return null;
    }
    ResponseBody body = CachedStreams.whole(streamed.items());
    return body == null ? null : new Reply.Complete(body);
  }

  private boolean fresh(CachedAnswer answer) {
    return clock.instant().isBefore(answer.storedAt().plus(settings.ttl()));
  }

  /** A fallback's answer is not the route's: storing it would serve it as a hit later. */
  private static boolean ownAnswer(Call call) {
    return call.responseHeader(AnswerHeaders.FALLBACK) == null;
  }

  private static String directives(@Nullable String header) {
    return header == null ? "" : header.toLowerCase(Locale.ROOT);
  }
}
