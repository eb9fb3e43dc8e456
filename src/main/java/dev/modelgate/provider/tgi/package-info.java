/**
 * The tgi provider: Hugging Face Text Generation Inference through its native {@code /generate} and
 * {@code /generate_stream} (chat turned into a prompt by a configured chat template, grammar from
 * {@code response_format}, {@code details} for finish and usage), and embeddings through a
 * text-embeddings-inference server's {@code /embed}. TGI's Messages API is the {@code tgi} dialect
 * of the openai provider.
 */
@NullMarked
package dev.modelgate.provider.tgi;

import org.jspecify.annotations.NullMarked;
