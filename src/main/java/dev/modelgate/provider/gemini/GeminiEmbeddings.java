package dev.modelgate.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.Embedding;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.TokenEstimate;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemini's {@code batchEmbedContents}: one request per input, {@code dimensions} as {@code
 * outputDimensionality}, an OpenAI {@code input_type}/{@code task_type} extension as {@code
 * taskType}. Gemini reports no tokens, so usage is estimated.
 */
final class GeminiEmbeddings {
  private GeminiEmbeddings() {}

  static ObjectNode request(EmbeddingRequest embedding, String upstreamModel) {
    ObjectNode body = Json.object();
    ArrayNode requests = body.putArray("requests");
    String name = upstreamModel.startsWith("models/") ? upstreamModel : "models/" + upstreamModel;
    String taskType = taskType(embedding);
    for (String input : embedding.inputs()) {
      ObjectNode request = requests.addObject().put("model", name);
      request.putObject("content").putArray("parts").addObject().put("text", input);
      if (embedding.dimensions() != null) {
        request.put("outputDimensionality", embedding.dimensions());
      }
      if (taskType != null) {
        request.put("taskType", taskType);
      }
    }
    return body;
  }

  private static @org.jspecify.annotations.Nullable String taskType(EmbeddingRequest embedding) {
    if (embedding.extensions() == null) {
      return null;
    }
    for (String field : new String[] {"task_type", "input_type"}) {
      JsonNode value = embedding.extensions().get(field);
      if (value != null && value.isTextual()) {
        return value.asText().toUpperCase(java.util.Locale.ROOT);
      }
    }
    return null;
  }

  static EmbeddingResponse response(JsonNode root, EmbeddingRequest embedding, String publicModel) {
    JsonNode embeddings = root.path("embeddings");
    if (embeddings.size() != embedding.inputs().size()) {
      throw new UpstreamProtocol(
          "Gemini returned "
              + embeddings.size()
              + " embeddings for "
              + embedding.inputs().size()
              + " inputs",
          null);
    }
    List<Embedding> data = new ArrayList<>();
    long tokens = 0;
    for (JsonNode item : embeddings) {
      JsonNode values = item.path("values");
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) values.get(i).asDouble();
      }
      tokens += TokenEstimate.O200K.of(embedding.inputs().get(data.size()));
      data.add(new Embedding(data.size(), vector));
    }
    return new EmbeddingResponse(
        publicModel, data, new Usage(tokens, 0, tokens, null, null, true, null));
  }
}
