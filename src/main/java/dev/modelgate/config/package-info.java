/**
 * Configuration: YAML with environment interpolation, validated into records with path-qualified
 * errors, compiled into an immutable {@link dev.modelgate.config.Runtime} snapshot that is swapped
 * atomically on reload.
 */
@NullMarked
package dev.modelgate.config;

import org.jspecify.annotations.NullMarked;
