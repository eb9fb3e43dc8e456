/**
 * Retry: another attempt on the same or the next target after a failure whose type says it may
 * succeed again, with exponential backoff and full jitter, honouring the upstream's retry delay,
 * bounded by attempts and by the call's deadline. Depends on the chain, the routes and the errors.
 */
@NullMarked
package dev.modelgate.policy.retry;

import org.jspecify.annotations.NullMarked;
