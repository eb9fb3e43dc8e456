package dev.modelgate.observe;

/**
 * The names of the gateway's own meters, in Micrometer's dotted form (Prometheus adds the unit and
 * {@code _total}). Every name and label is documented in docs/metrics.md; keep the two in step.
 */
public final class MeterNames {
  public static final String REQUESTS = "modelgate.requests";
  public static final String ERRORS = "modelgate.errors";
  public static final String REQUEST_DURATION = "modelgate.request.duration";
  public static final String TTFT = "modelgate.ttft";
  public static final String TOKENS = "modelgate.tokens";
  public static final String COST = "modelgate.cost";
  public static final String ATTEMPTS = "modelgate.upstream.attempts";
  public static final String RETRIES = "modelgate.upstream.retries";
  public static final String FALLBACKS = "modelgate.fallbacks";
  public static final String DECISIONS = "modelgate.policy.decisions";
  public static final String STREAMS_IN_FLIGHT = "modelgate.streams.in_flight";
  public static final String POOL_CONNECTIONS = "modelgate.upstream.pool.connections";
  public static final String POOL_MAX = "modelgate.upstream.pool.max";

  /**
   * Requests refused by a rate limit, labelled {@code route} and {@code scope} (key, team, user,
   * model, route). Counted from {@code Call.decision("ratelimit", "rejected")}, the scope read from
   * the answer header {@code x-modelgate-ratelimit-scope} the policy sets.
   */
  public static final String RATELIMIT_REJECTIONS = "modelgate.ratelimit.rejections";

  private MeterNames() {}
}
