package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.Internal;
import dev.modelgate.model.Embedding;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.RelayedBody;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.model.Usage;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Joins the answers to the parts of a split embeddings batch: vectors in input order, indexes
 * shifted by each part's offset, usage summed. Relayed OpenAI bodies are joined as JSON, so base64
 * vectors and vendor fields pass unchanged.
 */
final class EmbeddingJoin {
  private EmbeddingJoin() {}

  static ResponseBody join(List<ResponseBody> parts, String publicModel) {
    if (parts.stream().allMatch(EmbeddingResponse.class::isInstance)) {
      return typed(parts, publicModel);
    }
    if (parts.stream().allMatch(RelayedBody.class::isInstance)) {
      return relayed(parts);
    }
    throw new Internal("embedding parts answered in different shapes", null);
  }

  private static EmbeddingResponse typed(List<ResponseBody> parts, String publicModel) {
    List<Embedding> data = new ArrayList<>();
    Usage usage = null;
    for (ResponseBody body : parts) {
      EmbeddingResponse part = (EmbeddingResponse) body;
      int offset = data.size();
      for (Embedding embedding : part.data()) {
        data.add(new Embedding(offset + embedding.index(), embedding.vector()));
      }
      usage = sum(usage, part.usage());
    }
    return new EmbeddingResponse(publicModel, data, usage);
  }

  private static RelayedBody relayed(List<ResponseBody> parts) {
    RelayedBody first = (RelayedBody) parts.get(0);
    ObjectNode joined = (ObjectNode) UpstreamJson.parse(first.json()).deepCopy();
    ArrayNode data = joined.putArray("data");
    Usage usage = null;
    for (ResponseBody body : parts) {
      RelayedBody part = (RelayedBody) body;
      int offset = data.size();
      int count = 0;
      for (JsonNode item : UpstreamJson.parse(part.json()).path("data")) {
        ObjectNode copy = item.deepCopy();
        copy.put("index", offset + item.path("index").asInt(count));
        data.add(copy);
        count++;
      }
      usage = sum(usage, part.usage());
    }
    if (usage != null) {
      joined
          .putObject("usage")
          .put("prompt_tokens", usage.promptTokens())
          .put("total_tokens", usage.totalTokens());
    }
    return new RelayedBody(first.protocol(), Json.bytes(joined), usage);
  }

  private static @Nullable Usage sum(@Nullable Usage a, @Nullable Usage b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return new Usage(
        a.promptTokens() + b.promptTokens(),
        a.completionTokens() + b.completionTokens(),
        a.totalTokens() + b.totalTokens(),
        null,
        null,
        a.estimated() || b.estimated(),
        null);
  }
}
