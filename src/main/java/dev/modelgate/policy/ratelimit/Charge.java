package dev.modelgate.policy.ratelimit;

/**
 * What a call takes from one bucket when admitted (1 request, its reserved tokens, 1 concurrency
 * slot), or, when it is settled, the tokens given back (negative: taken) or the slot released.
 */
record Charge(Bucket bucket, long amount) {}
