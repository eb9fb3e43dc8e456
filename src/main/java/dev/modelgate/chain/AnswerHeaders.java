package dev.modelgate.chain;

/** Response headers by which policies tell the client, and the access log, what they did. */
public final class AnswerHeaders {
  /** {@code hit}, {@code miss} or {@code bypass}: how the response cache served the call. */
  public static final String CACHE = "x-modelgate-cache";

  /**
   * Set when the route's own targets did not answer: the fallback level that did ({@code models},
   * {@code cache} or {@code default}) and, for a model, its target: {@code models;
   * target=backup/mini}.
   */
  public static final String FALLBACK = "x-modelgate-fallback";

  /**
   * On a 429 from the gateway's own rate limit: whose limit refused the call ({@code key}, {@code
   * team}, {@code user}, {@code model} or {@code route}); also the metric's {@code scope} label.
   */
  public static final String RATELIMIT_SCOPE = "x-modelgate-ratelimit-scope";

  private AnswerHeaders() {}
}
