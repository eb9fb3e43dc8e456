package dev.modelgate.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Embeddings for every input, in input order. */
public record EmbeddingResponse(String model, List<Embedding> data, @Nullable Usage usage)
    implements ResponseBody {

  public EmbeddingResponse {
    data = List.copyOf(data);
  }
}
