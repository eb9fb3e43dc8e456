/**
 * Rate limits per key, team, user, model and route: requests and tokens per minute (buckets
 * refilled continuously, as OpenAI's are) and concurrent calls (leases that expire, so a crashed
 * instance frees its slots). With a shared Redis the counters live there, updated by Lua scripts,
 * and hold for the whole fleet; while Redis is down each instance enforces its local share. Depends
 * on chain, auth, model, error and shared.
 */
@NullMarked
package dev.modelgate.policy.ratelimit;

import org.jspecify.annotations.NullMarked;
