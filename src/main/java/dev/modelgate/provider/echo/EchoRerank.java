package dev.modelgate.provider.echo;

import dev.modelgate.model.RerankRequest;
import dev.modelgate.model.RerankResponse;
import dev.modelgate.provider.common.RerankAnswer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Offline rerank: a document's score is the share of the query's words it contains. */
final class EchoRerank {
  private EchoRerank() {}

  static RerankResponse of(RerankRequest request, String model) {
    Set<String> query = words(request.query());
    List<RerankAnswer.Score> scores = new ArrayList<>();
    for (int i = 0; i < request.documents().size(); i++) {
      Set<String> shared = words(request.documents().get(i));
      shared.retainAll(query);
      scores.add(
          new RerankAnswer.Score(i, query.isEmpty() ? 0 : (double) shared.size() / query.size()));
    }
    return RerankAnswer.of("rerank-echo", model, request, scores, null);
  }

  private static Set<String> words(String text) {
    Set<String> words = new HashSet<>();
    for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!word.isEmpty()) {
        words.add(word);
      }
    }
    return words;
  }
}
