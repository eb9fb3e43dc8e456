/**
 * Lifecycle events to logs and metrics (one gateway-owned Prometheus registry) and, later, traces
 * and usage records. Adapters never emit events.
 */
@NullMarked
package dev.modelgate.observe;

import org.jspecify.annotations.NullMarked;
