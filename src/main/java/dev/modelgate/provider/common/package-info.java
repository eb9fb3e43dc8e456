/** Helpers shared by providers: SSE and NDJSON readers, upstream error parsing. */
@NullMarked
package dev.modelgate.provider.common;

import org.jspecify.annotations.NullMarked;
