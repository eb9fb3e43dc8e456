package dev.modelgate.provider.triton;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Where a Triton model takes its inputs and puts its outputs in the generate extension's flat JSON
 * (every top-level field is a tensor or parameter of that name), from a backend preset and the
 * endpoint's overrides.
 *
 * @param inputs the tensor name of each request field ({@code text}, {@code max_tokens}, {@code
 *     stream}, {@code temperature}, {@code top_p}, {@code top_k}, {@code stop}, {@code seed}); a
 *     field without a name is not sent
 * @param samplingInParameters sampling fields go into the request's {@code parameters} object (the
 *     vLLM backend reads them there when no {@code sampling_parameters} tensor is sent)
 * @param fixed inputs sent with every request (the TensorRT-LLM ensemble requires {@code bad_words}
 *     and {@code stop_words})
 * @param outputs the output name of each answer field ({@code text}, {@code finish_reason}, {@code
 *     input_tokens}, {@code output_tokens})
 * @param cumulative each streamed text is the whole text so far, not the new part
 * @param defaultMaxTokens sent when the client gives no limit (TensorRT-LLM requires one; vLLM's
 *     own default is 16 tokens)
 */
record TritonLayout(
    Map<String, String> inputs,
    boolean samplingInParameters,
    ObjectNode fixed,
    Map<String, String> outputs,
    boolean cumulative,
    int defaultMaxTokens) {

  static final Set<String> INPUT_FIELDS =
      Set.of("text", "max_tokens", "stream", "temperature", "top_p", "top_k", "stop", "seed");
  static final Set<String> OUTPUT_FIELDS =
      Set.of("text", "finish_reason", "input_tokens", "output_tokens");

  TritonLayout {
    inputs = Map.copyOf(inputs);
    outputs = Map.copyOf(outputs);
  }

  /** The TensorRT-LLM ensemble's names (triton-inference-server/tensorrtllm_backend). */
  private static final Map<String, String> TENSORRTLLM_INPUTS =
      Map.of(
          "text", "text_input",
          "max_tokens", "max_tokens",
          "stream", "stream",
          "temperature", "temperature",
          "top_p", "top_p",
          "top_k", "top_k",
          "stop", "stop_words",
          "seed", "random_seed");

  /** Reads {@code backend}, {@code inputs}, {@code outputs}, {@code extra_inputs} and the rest. */
  static TritonLayout from(JsonNode options) {
    String backend = options.path("backend").asText("tensorrtllm");
    Map<String, String> inputs = new HashMap<>();
    Map<String, String> outputs = new HashMap<>();
    ObjectNode fixed = Json.object();
    outputs.put("text", "text_output");
    boolean vllm;
    switch (backend) {
      case "tensorrtllm" -> {
        vllm = false;
        inputs.putAll(TENSORRTLLM_INPUTS);
        fixed.put("bad_words", "").put("stop_words", "");
      }
      case "vllm" -> {
        vllm = true;
        // The vLLM backend's names (triton-inference-server/vllm_backend): vLLM's own.
        inputs.putAll(TENSORRTLLM_INPUTS);
        inputs.put("stop", "stop");
        inputs.put("seed", "seed");
        // The backend's optional outputs, asked for by flag: finish reason and token counts.
        fixed
            .put("exclude_input_in_output", true)
            .put("return_finish_reason", true)
            .put("return_num_input_tokens", true)
            .put("return_num_output_tokens", true);
        outputs.put("finish_reason", "finish_reason");
        outputs.put("input_tokens", "num_input_tokens");
        outputs.put("output_tokens", "num_output_tokens");
      }
      default ->
          throw new IllegalArgumentException(
              "backend: must be tensorrtllm or vllm, not '" + backend + "'");
    }
    names(options.path("inputs"), INPUT_FIELDS, inputs, "inputs");
    names(options.path("outputs"), OUTPUT_FIELDS, outputs, "outputs");
    if (!outputs.containsKey("text")) {
      throw new IllegalArgumentException("outputs.text: the text output needs a name");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = options.path("extra_inputs").fields();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> input = it.next();
      if (input.getValue().isNull()) {
        fixed.remove(input.getKey());
      } else {
        fixed.set(input.getKey(), input.getValue());
      }
    }
    int maxTokens = options.path("default_max_tokens").asInt(1024);
    if (maxTokens < 1) {
      throw new IllegalArgumentException("default_max_tokens: must be at least 1");
    }
    return new TritonLayout(
        inputs,
        options.path("sampling_in_parameters").asBoolean(vllm),
        fixed,
        outputs,
        options.path("cumulative_output").asBoolean(false),
        maxTokens);
  }

  /** The tensor name of a request field, or null when it is not sent. */
  @Nullable String input(String field) {
    return inputs.get(field);
  }

  @Nullable String output(String field) {
    return outputs.get(field);
  }

  /** Overrides: a name renames, null (or an empty name) stops sending or reading the field. */
  private static void names(
      JsonNode node, Set<String> known, Map<String, String> into, String path) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!known.contains(entry.getKey())) {
        throw new IllegalArgumentException(
            path + "." + entry.getKey() + ": unknown field (known: " + new TreeSet<>(known) + ")");
      }
      String name = entry.getValue().isNull() ? "" : entry.getValue().asText();
      if (name.isEmpty()) {
        into.remove(entry.getKey());
      } else {
        into.put(entry.getKey(), name);
      }
    }
  }
}
