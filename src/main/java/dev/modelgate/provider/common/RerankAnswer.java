package dev.modelgate.provider.common;

import dev.modelgate.model.RerankRequest;
import dev.modelgate.model.RerankResponse;
import dev.modelgate.model.Usage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The normalized rerank answer from an upstream's scores, whatever order and count it sent: most
 * relevant first, {@code top_n} long, documents attached from the request when asked for (some
 * upstreams never return them), scores of indexes the request does not have dropped, and usage
 * counted when the upstream gave none.
 */
public final class RerankAnswer {
  private RerankAnswer() {}

  /** One upstream score for the document at {@code index} of the request. */
  public record Score(int index, double score) {}

  public static RerankResponse of(
      String id,
      String publicModel,
      RerankRequest request,
      List<Score> scores,
      @Nullable Usage usage) {
    List<Score> sorted = new ArrayList<>();
    for (Score score : scores) {
      if (score.index() >= 0 && score.index() < request.documents().size()) {
        sorted.add(score);
      }
    }
    sorted.sort(Comparator.comparingDouble(Score::score).reversed());
    List<RerankResponse.Result> results = new ArrayList<>();
    for (Score score : sorted.subList(0, Math.min(sorted.size(), request.resultCount()))) {
      results.add(
          new RerankResponse.Result(
              score.index(),
              score.score(),
              request.returnDocuments() ? request.documents().get(score.index()) : null));
    }
    return new RerankResponse(id, publicModel, results, usage != null ? usage : estimate(request));
  }

  /** A reranker reads the query with each document: that is what it is billed for. */
  private static Usage estimate(RerankRequest request) {
    long query = TokenEstimate.O200K.of(request.query());
    long tokens = 0;
    for (String document : request.documents()) {
      tokens += query + TokenEstimate.O200K.of(document);
    }
    return new Usage(tokens, 0, tokens, null, null, true, null);
  }
}
