/**
 * The {@code rerank} provider: rerank upstreams in their own formats (Cohere's shape, shared by
 * Jina, vLLM and Xinference; TEI's; DashScope's text-rerank), all answered in the one normalized
 * shape. Sees the model, errors, the provider SPI and provider/common only.
 */
@NullMarked
package dev.modelgate.provider.rerank;

import org.jspecify.annotations.NullMarked;
