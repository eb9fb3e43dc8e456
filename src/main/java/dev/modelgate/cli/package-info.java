/** The picocli command line: serve, config check, keys hash, version. */
@NullMarked
package dev.modelgate.cli;

import org.jspecify.annotations.NullMarked;
