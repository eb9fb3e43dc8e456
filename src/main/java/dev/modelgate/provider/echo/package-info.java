/**
 * The built-in offline echo model: answers with the last user message, streaming included, so the
 * whole path can be tried without an upstream.
 */
@NullMarked
package dev.modelgate.provider.echo;

import org.jspecify.annotations.NullMarked;
