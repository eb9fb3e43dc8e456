/**
 * The response cache: an exact match on the normalized request (model, messages, every parameter
 * that changes the output), per key, team or everyone, with a TTL per route; answers are replayed
 * as they were given (a stream as a stream). The store is behind {@link
 * dev.modelgate.policy.cache.ResponseCache} (in memory, and with Redis shared by the fleet);
 * fallback reads it too.
 */
@NullMarked
package dev.modelgate.policy.cache;

import org.jspecify.annotations.NullMarked;
