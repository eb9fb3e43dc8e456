package dev.modelgate.provider.tgi;

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
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * text-embeddings-inference's {@code POST /embed}: {@code {"inputs":[...]}} answered by a bare list
 * of vectors. TEI's own options ({@code normalize}, {@code truncate}, {@code truncation_direction},
 * {@code prompt_name}) pass through from the client's request. Tokens come from the {@code
 * x-compute-tokens} header; without it they are estimated.
 */
final class TgiEmbeddings {
  private static final List<String> PASSED =
      List.of("normalize", "truncate", "truncation_direction", "prompt_name");

  private TgiEmbeddings() {}

  static ObjectNode request(EmbeddingRequest embedding) {
    ObjectNode body = Json.object();
    ArrayNode inputs = body.putArray("inputs");
    embedding.inputs().forEach(inputs::add);
    if (embedding.dimensions() != null) {
      body.put("dimensions", embedding.dimensions());
    }
    ObjectNode extensions = embedding.extensions();
    if (extensions != null) {
      for (String field : PASSED) {
        if (extensions.hasNonNull(field)) {
          body.set(field, extensions.get(field));
        }
      }
    }
    return body;
  }

  static EmbeddingResponse response(
      JsonNode root,
      EmbeddingRequest embedding,
      String publicModel,
      Function<String, @Nullable String> headers) {
    if (!root.isArray() || root.size() != embedding.inputs().size()) {
      throw new UpstreamProtocol(
          "TEI returned "
              + (root.isArray() ? root.size() + " embeddings" : "no list")
              + " for "
              + embedding.inputs().size()
              + " inputs",
          null);
    }
    List<Embedding> data = new ArrayList<>();
    for (JsonNode values : root) {
      float[] vector = new float[values.size()];
      for (int i = 0; i < vector.length; i++) {
        vector[i] = (float) values.get(i).asDouble();
      }
      data.add(new Embedding(data.size(), vector));
    }
    return new EmbeddingResponse(publicModel, data, usage(embedding, headers));
  }

  private static Usage usage(
      EmbeddingRequest embedding, Function<String, @Nullable String> headers) {
    String reported = headers.apply("x-compute-tokens");
    if (reported != null && reported.trim().matches("\\d+")) {
      long tokens = Long.parseLong(reported.trim());
      return new Usage(tokens, 0, tokens, null, null, false, null);
    }
    long tokens = embedding.inputs().stream().mapToLong(TokenEstimate.O200K::of).sum();
    return new Usage(tokens, 0, tokens, null, null, true, null);
  }
}
