/**
 * The gemini provider: Google's Gemini API (generateContent, streamGenerateContent over SSE) behind
 * the canonical chat model: system instruction, function calls and responses with synthesised ids,
 * safety finishes as content_filter, usage from usageMetadata.
 */
@NullMarked
package dev.modelgate.provider.gemini;

import org.jspecify.annotations.NullMarked;
