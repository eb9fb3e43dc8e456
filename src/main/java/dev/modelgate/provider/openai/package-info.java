/**
 * The openai provider: any OpenAI-compatible server, with per-server quirks as configurable
 * dialects.
 */
@NullMarked
package dev.modelgate.provider.openai;

import org.jspecify.annotations.NullMarked;
