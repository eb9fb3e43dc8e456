/**
 * The ollama provider: Ollama's native {@code /api/chat} (NDJSON streaming, whole tool calls with
 * synthesised ids, thinking, {@code done_reason}, token counts) and {@code /api/embed}.
 */
@NullMarked
package dev.modelgate.provider.ollama;

import org.jspecify.annotations.NullMarked;
