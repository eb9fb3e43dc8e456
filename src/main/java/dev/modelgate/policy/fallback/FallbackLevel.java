package dev.modelgate.policy.fallback;

/** A level of a route's fallback chain. */
public enum FallbackLevel {
  /** Other routes' models: a lighter backup model, another provider. */
  MODELS,
  /** The last good cached answer to the same request, however old (within the cache's window). */
  CACHE,
  /** The route's configured answer, in the shape the client asked for. */
  DEFAULT
}
