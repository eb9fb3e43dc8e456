/** The provider registry: one line per provider type. */
@NullMarked
package dev.modelgate.provider;

import org.jspecify.annotations.NullMarked;
