/**
 * The admin API over HTTP, on its own listener and path prefix: token authentication and the
 * virtual key endpoints, as JSON over the operations of {@code dev.modelgate.admin}.
 */
@NullMarked
package dev.modelgate.server.admin;

import org.jspecify.annotations.NullMarked;
