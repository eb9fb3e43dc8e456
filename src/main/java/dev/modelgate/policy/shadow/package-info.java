/**
 * Shadow traffic: a sampled share of a route's calls mirrored to a candidate target on a virtual
 * thread of its own; the client never waits for it or sees it. The shadow's latency, failures,
 * tokens and the similarity of its answer to the primary's go to metrics. Depends on the chain,
 * routes, model, errors and codecs.
 */
@NullMarked
package dev.modelgate.policy.shadow;

import org.jspecify.annotations.NullMarked;
