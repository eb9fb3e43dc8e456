/**
 * The triton provider: Triton Inference Server (KServe v2) through its generate extension ({@code
 * /v2/models/{model}/generate} and {@code /generate_stream}), with input and output tensor names
 * from a backend preset (TensorRT-LLM or vLLM) and overrides, chat turned into a prompt by a
 * configured chat template, errors inside a 200 stream, and readiness from {@code /v2/health/ready}
 * and {@code /v2/models/{model}/ready}.
 */
@NullMarked
package dev.modelgate.provider.triton;

import org.jspecify.annotations.NullMarked;
