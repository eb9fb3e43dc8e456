package dev.modelgate.policy.ratelimit;

/**
 * One limit a call falls under: whose ({@code scope} and its {@code id}: a key id, team, user,
 * model or route name), of what kind, and its global value. {@code name} is how messages call the
 * subject (a key's name rather than its id).
 */
record Bucket(Scope scope, Kind kind, String id, String name, long limit) {
  enum Kind {
    REQUESTS("rpm"),
    TOKENS("tpm"),
    CONCURRENT("concurrent");

    final String word;

    Kind(String word) {
      this.word = word;
    }
  }

  /** The bucket's identity, the same on every instance (the Redis key under the prefix). */
  String path() {
    return "rl:" + scope.label() + ":" + kind.word + ":" + id;
  }

  boolean rate() {
    return kind != Kind.CONCURRENT;
  }
}
