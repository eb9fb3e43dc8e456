/**
 * The OpenAI API front door: chat completions, completions, embeddings and models, with OpenAI's
 * error shape.
 */
@NullMarked
package dev.modelgate.server.openai;

import org.jspecify.annotations.NullMarked;
