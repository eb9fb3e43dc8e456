/**
 * The dashscope provider: Qwen through DashScope's native text-generation and multimodal-generation
 * APIs ({@code result_format=message}, incremental streaming with {@code X-DashScope-SSE}), with
 * its quirks handled: the string "null" as finish reason, cumulative usage in every event, no
 * [DONE], tool calls finishing with "stop", {@code request_id} as the response id, and its error
 * codes.
 */
@NullMarked
package dev.modelgate.provider.dashscope;

import org.jspecify.annotations.NullMarked;
