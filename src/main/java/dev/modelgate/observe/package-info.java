/**
 * Lifecycle events to logs and, later, metrics, traces and usage records. Adapters never emit
 * events.
 */
@NullMarked
package dev.modelgate.observe;

import org.jspecify.annotations.NullMarked;
