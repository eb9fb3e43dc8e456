/**
 * The anthropic provider: OpenAI-shaped calls to Anthropic's Messages API and back, streaming
 * included (system prompt placement, role alternation, tool use both ways, thinking as {@code
 * reasoning_content}, stop reasons and usage with cache tokens).
 */
@NullMarked
package dev.modelgate.provider.anthropic;

import org.jspecify.annotations.NullMarked;
