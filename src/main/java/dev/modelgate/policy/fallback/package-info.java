/**
 * Fallback: when a route's own targets fail in a way whose type allows it, the levels the route
 * configures, in its order: other models (each with its own retries), the last good cached answer
 * to the same request, a configured default answer. Depends on the chain, the routes, the errors,
 * the model and the cache policy's store.
 */
@NullMarked
package dev.modelgate.policy.fallback;

import org.jspecify.annotations.NullMarked;
