/**
 * The pooled upstream HTTP client (Jetty): per-upstream pools, keep-alive, idle eviction, HTTP/2,
 * proxy, custom CA, and the four timeouts. No IOException leaves this package unmapped.
 */
@NullMarked
package dev.modelgate.upstream;

import org.jspecify.annotations.NullMarked;
