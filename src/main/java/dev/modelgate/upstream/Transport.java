package dev.modelgate.upstream;

/** One way of performing HTTP exchanges with pooled connections. */
interface Transport extends AutoCloseable {
  /**
   * Sends the request and waits for the response headers. {@code target} names the upstream in
   * error messages (never a URL with credentials).
   */
  UpstreamResponse send(UpstreamRequest request, Timeouts timeouts, String target);

  /** The pool's connections now (for the pool gauges). */
  PoolStats poolStats();

  @Override
  void close();
}
