package dev.modelgate.policy.ratelimit;

import dev.modelgate.chain.AnswerHeaders;
import dev.modelgate.chain.Call;
import dev.modelgate.chain.Policy;
import dev.modelgate.chain.PromptTokens;
import dev.modelgate.error.RateLimited;
import dev.modelgate.model.CanonicalRequest;
import dev.modelgate.model.ChatRequest;
import dev.modelgate.model.CompletionRequest;
import dev.modelgate.model.InboundRequest;
import dev.modelgate.model.Reply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Before a call: takes one request, its tokens (the prompt counted with the tokenizer plus the
 * completion it may produce: {@code max_completion_tokens}, {@code max_tokens} or the configured
 * default, times {@code n}) and a concurrency slot from every limit it falls under, all or none. A
 * call over any limit is refused with {@link RateLimited} (429 with {@code Retry-After}) and
 * nothing further runs. When the call ends, its tokens are settled from the usage it really had and
 * its slot released. OpenAI's {@code x-ratelimit-*} headers go on every answer a limit applies to.
 */
public final class RateLimitPolicy implements Policy {
  private final RateLimitSettings settings;
  private final RateLimitBuckets buckets;

  public RateLimitPolicy(RateLimitSettings settings, RateLimitBuckets buckets) {
    this.settings = settings;
    this.buckets = buckets;
  }

  @Override
  public Reply apply(Call call, Next next) {
    List<Bucket> limits =
        settings.bucketsFor(call.principal(), call.request().model(), call.route().route().model());
    if (limits.isEmpty()) {
      return next.proceed(call);
    }
    boolean counting = limits.stream().anyMatch(b -> b.kind() == Bucket.Kind.TOKENS);
    long completion = counting ? completionReserve(call.request()) : 0;
    long tokens = counting ? PromptTokens.of(call.request()) + completion : 0;
    List<Charge> charges = new ArrayList<>(limits.size());
    for (Bucket bucket : limits) {
      charges.add(new Charge(bucket, bucket.kind() == Bucket.Kind.TOKENS ? tokens : 1));
    }
    String lease = UUID.randomUUID().toString();
    Admission admission = buckets.admit(charges, lease, settings.lease());
    RateLimitHeaders.set(call, admission);
    if (admission.fallback()) {
      call.decision("ratelimit", "local");
    }
    Bucket refused = admission.refusedBy();
    if (!admission.admitted() && refused != null) {
      call.responseHeader(AnswerHeaders.RATELIMIT_SCOPE, refused.scope().label());
      call.decision("ratelimit", "rejected");
      throw new RateLimited(message(refused, admission, tokens), admission.retryAfter(), false);
    }
    call.whenEnded(new Settlement(buckets, admission, charges, lease, completion));
    return next.proceed(call);
  }

  private long completionReserve(InboundRequest request) {
    CanonicalRequest canonical = request.canonical();
    return switch (canonical) {
      case ChatRequest chat -> {
        Integer limit = chat.outputLimit();
        long each = limit != null ? limit : settings.defaultCompletionTokens();
        yield each * Math.max(1, chat.n() == null ? 1 : chat.n());
      }
      case CompletionRequest completion ->
          completion.maxTokens() != null
              ? completion.maxTokens()
              : settings.defaultCompletionTokens();
      default -> 0;
    };
  }

  private static String message(Bucket bucket, Admission admission, long tokens) {
    String subject = bucket.scope().label() + " '" + bucket.name() + "'";
    String what =
        switch (bucket.kind()) {
          case REQUESTS -> "requests per minute (rpm)";
          case TOKENS -> "tokens per minute (tpm)";
          case CONCURRENT -> "concurrent requests";
        };
    long limit =
        admission.states().stream()
            .filter(state -> state.bucket().equals(bucket))
            .mapToLong(Admission.State::limit)
            .findFirst()
            .orElse(bucket.limit());
    Duration wait = admission.retryAfter();
    if (wait == null) {
      return "Request too large for "
          + subject
          + " on "
          + what
          + ": limit "
          + limit
          + ", requested "
          + tokens
          + ". Send fewer tokens or a smaller max_tokens.";
    }
    return "Rate limit reached for "
        + subject
        + " on "
        + what
        + ": limit "
        + limit
        + ". Please try again in "
        + RateLimitHeaders.duration(wait.toMillis())
        + ".";
  }
}
