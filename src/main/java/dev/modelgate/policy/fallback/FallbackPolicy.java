package dev.modelgate.policy.fallback;

import dev.modelgate.chain.AnswerHeaders;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.error.AllTargetsFailed;
import dev.modelgate.error.ContentFiltered;
import dev.modelgate.error.ContextLengthExceeded;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.Operation;
import dev.modelgate.model.Reply;
import dev.modelgate.policy.cache.CacheKeys;
import dev.modelgate.policy.cache.CacheScope;
import dev.modelgate.policy.cache.CachedAnswer;
import dev.modelgate.policy.cache.ResponseCache;
import dev.modelgate.route.Target;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * When the route's own targets fail with an error whose type is {@link
 * GatewayException#fallbackable()} (a content filter or context length only where the route says
 * so), tries the route's fallback levels in order and marks the answer with {@code
 * x-modelgate-fallback} (also logged). If every level fails, the client gets the first failure when
 * nothing else was tried, else all of them ({@link AllTargetsFailed}, shown as the last).
 */
public final class FallbackPolicy implements Policy {
  private static final Logger LOG = Logger.getLogger(FallbackPolicy.class.getName());

  /** A backup model: the route it comes from, and that route's targets. */
  public record Backup(String model, List<Target> targets) {
    public Backup {
      targets = List.copyOf(targets);
    }
  }

  /** The cache the cache level reads, and the scope its keys are made in. */
  public record CacheLevel(ResponseCache cache, CacheScope scope) {}

  private final String route;
  private final FallbackSettings settings;
  private final List<Backup> backups;
  private final @Nullable CacheLevel cacheLevel;
  private final Clock clock;

  public FallbackPolicy(
      String route,
      FallbackSettings settings,
      List<Backup> backups,
      @Nullable CacheLevel cacheLevel,
      Clock clock) {
    this.route = route;
    this.settings = settings;
    this.backups = List.copyOf(backups);
    this.cacheLevel = cacheLevel;
    this.clock = clock;
  }

  @Override
  public Reply apply(Call call, Next next) {
    List<Target> routeTargets = call.targets();
    Reply reply;
    try {
      reply = next.proceed(call);
    } catch (GatewayException primary) {
      if (!fallsBack(primary)) {
        throw primary;
      }
      reply = fallBack(call, next, primary);
    }
    return continuable(call, next, reply, routeTargets);
  }

  /**
   * A chat stream (OpenAI or Anthropic protocol) that may go on elsewhere when it breaks, where the
   * route says so: on the route's other targets, then the backup models', those that continue an
   * assistant prefix.
   */
  private Reply continuable(Call call, Next next, Reply reply, List<Target> routeTargets) {
    if (!settings.continueStreams()
        || !(reply instanceof Reply.Streaming streaming)
        || call.request().operation() != Operation.CHAT) {
      return reply;
    }
    List<Target> candidates = new ArrayList<>(routeTargets);
    backups.forEach(backup -> candidates.addAll(backup.targets()));
    return new Reply.Streaming(new ContinuedStream(streaming.stream(), call, next, candidates));
  }

  /** Whether {@code e}'s type lets another level answer, as this route configures it. */
  boolean fallsBack(GatewayException e) {
    if (e instanceof ContentFiltered) {
      return settings.onContentFilter();
    }
    if (e instanceof ContextLengthExceeded) {
      return settings.onContextLength();
    }
    return e.fallbackable();
  }

  private Reply fallBack(Call call, Next next, GatewayException primary) {
    List<GatewayException> failures = new ArrayList<>(List.of(primary));
    for (FallbackLevel level : settings.order()) {
      Reply reply =
          switch (level) {
            case MODELS -> backupModel(call, next, failures);
            case CACHE -> cached(call);
            case DEFAULT -> {
              String text = settings.defaultAnswer();
              yield text == null ? null : DefaultAnswer.of(call, text, clock);
            }
          };
      if (reply != null) {
        String name = level.name().toLowerCase(Locale.ROOT);
        String what = level == FallbackLevel.MODELS ? name + "; target=" + call.target() : name;
        call.responseHeader(AnswerHeaders.FALLBACK, what);
        call.decision("fallback", name);
        LOG.log(
            Level.INFO,
            "request {0} on {1}: fallback {2} after {3}",
            new Object[] {call.requestId(), route, what, primary.getClass().getSimpleName()});
        return reply;
      }
    }
    throw failures.size() == 1 ? primary : new AllTargetsFailed(failures);
  }

  private @Nullable Reply backupModel(Call call, Next next, List<GatewayException> failures) {
    for (Backup backup : backups) {
      call.narrowTargets(backup.targets());
      try {
        return next.proceed(call);
      } catch (GatewayException e) {
        failures.add(e);
      }
    }
    return null;
  }

  private @Nullable Reply cached(Call call) {
    CacheLevel level = cacheLevel;
    if (level == null) {
      return null;
    }
    CachedAnswer answer = level.cache().get(CacheKeys.of(call, level.scope()));
    return answer == null ? null : answer.replay();
  }
}
