/**
 * The picocli command line: serve, config check, keys (hash and the virtual key verbs), version.
 */
@NullMarked
package dev.modelgate.cli;

import org.jspecify.annotations.NullMarked;
