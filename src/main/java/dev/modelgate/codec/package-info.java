/**
 * Wire codecs shared by front doors and providers: OpenAI JSON to and from the canonical model, and
 * byte-level JSON edits for the relay fast path. Depends on the model and the errors only.
 */
@NullMarked
package dev.modelgate.codec;

import org.jspecify.annotations.NullMarked;
