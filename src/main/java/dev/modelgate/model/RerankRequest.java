package dev.modelgate.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rerank request: documents to order by relevance to a query. {@code topN} null means all; {@code
 * extensions} keeps vendor fields (for example {@code max_chunks_per_doc}).
 */
public record RerankRequest(
    String model,
    String query,
    List<String> documents,
    @Nullable Integer topN,
    boolean returnDocuments,
    @Nullable ObjectNode extensions)
    implements CanonicalRequest {

  public RerankRequest {
    documents = List.copyOf(documents);
  }

  /** How many results the client wants: {@code top_n}, at most the number of documents. */
  public int resultCount() {
    return topN == null ? documents.size() : Math.min(topN, documents.size());
  }
}
