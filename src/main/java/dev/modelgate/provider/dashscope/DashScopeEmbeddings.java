package dev.modelgate.provider.dashscope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.Embedding;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.Usage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * DashScope's native text-embedding API: {@code input.texts}, {@code dimensions} as {@code
 * parameters.dimension}, an OpenAI-side {@code text_type} extension (query or document) passed on;
 * vectors come back by {@code text_index}, tokens as {@code usage.total_tokens}.
 */
final class DashScopeEmbeddings {
  private DashScopeEmbeddings() {}

  static ObjectNode request(EmbeddingRequest embedding, String upstreamModel) {
    ObjectNode body = Json.object().put("model", upstreamModel);
    ArrayNode texts = body.putObject("input").putArray("texts");
    embedding.inputs().forEach(texts::add);
    ObjectNode parameters = body.putObject("parameters");
    if (embedding.dimensions() != null) {
      parameters.put("dimension", embedding.dimensions());
    }
    JsonNode textType =
        embedding.extensions() == null ? null : embedding.extensions().get("text_type");
    if (textType != null && textType.isTextual()) {
      parameters.put("text_type", textType.asText());
    }
    return body;
  }

  static EmbeddingResponse response(JsonNode root, String publicModel) {
    List<JsonNode> items = new ArrayList<>();
    root.path("output").path("embeddings").forEach(items::add);
    items.sort(Comparator.comparingInt(item -> item.path("text_index").asInt()));
    List<Embedding> data = new ArrayList<>();
    for (JsonNode item : items) {
      JsonNode values = item.path("embedding");
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) values.get(i).asDouble();
      }
      data.add(new Embedding(item.path("text_index").asInt(data.size()), vector));
    }
    long tokens = root.path("usage").path("total_tokens").asLong(0);
    return new EmbeddingResponse(publicModel, data, Usage.of(tokens, 0));
  }
}
