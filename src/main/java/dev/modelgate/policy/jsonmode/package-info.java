/**
 * The JSON guarantee: a chat request asking for {@code response_format} {@code json_object} or
 * {@code json_schema} gets JSON that parses (and validates against the schema) from any upstream:
 * native structured output where the target has it, else an instruction in the prompt; then
 * extraction and repair of the answer's text, schema validation, one corrective retry with the
 * validation errors, and a configured default value. Depends on the chain, the model, the codecs
 * and the JSON Schema validator; nothing depends on it but the configuration.
 */
@NullMarked
package dev.modelgate.policy.jsonmode;

import org.jspecify.annotations.NullMarked;
