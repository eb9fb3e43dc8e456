/**
 * The {@code template} provider: a home-made model service whose request and response mapping is
 * configuration (a body or query-string template, JSON pointers into the answer, optional SSE or
 * NDJSON streaming). Sees the model, errors, the provider SPI and provider/common only.
 */
@NullMarked
package dev.modelgate.provider.template;

import org.jspecify.annotations.NullMarked;
