/**
 * The canonical model: requests, messages, replies and stream chunks as records and sealed types.
 * Depends on nothing but Jackson's tree types for JSON that the model does not name (tool schemas,
 * extensions).
 */
@NullMarked
package dev.modelgate.model;

import org.jspecify.annotations.NullMarked;
