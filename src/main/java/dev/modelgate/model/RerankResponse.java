package dev.modelgate.model;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Documents by relevance, most relevant first; {@code document} is set when it was asked for. */
public record RerankResponse(String id, String model, List<Result> results, Usage usage)
    implements ResponseBody {

  public RerankResponse {
    results = List.copyOf(results);
  }

  /** One document's place: its index in the request and its relevance score. */
  public record Result(int index, double relevanceScore, @Nullable String document) {}
}
