/**
 * Client authentication: API keys (stored as hashes, compared in constant time) to a {@link
 * dev.modelgate.auth.Principal}.
 */
@NullMarked
package dev.modelgate.auth;

import org.jspecify.annotations.NullMarked;
