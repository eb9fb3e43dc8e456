/**
 * Gray release: a route's traffic split between its stable targets and a candidate list, sticky per
 * user, advanced through stages and rolled back on its own when the candidate does worse than the
 * stable side. Depends on the chain, routes, model and errors; its state sits behind {@link
 * dev.modelgate.policy.canary.RolloutStore} so that it can later be shared between instances.
 */
@NullMarked
package dev.modelgate.policy.canary;

import org.jspecify.annotations.NullMarked;
