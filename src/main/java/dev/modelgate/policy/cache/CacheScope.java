package dev.modelgate.policy.cache;

/** Who shares cached answers. */
public enum CacheScope {
  /** Callers with the same client key. */
  KEY,
  /** Callers whose keys have the same name (a team's keys; teams of their own come with #6). */
  TEAM,
  /** Everyone allowed to use the route. */
  GLOBAL
}
