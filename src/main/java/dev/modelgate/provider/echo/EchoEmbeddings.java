package dev.modelgate.provider.echo;

import dev.modelgate.model.Embedding;
import dev.modelgate.model.EmbeddingRequest;
import dev.modelgate.model.EmbeddingResponse;
import dev.modelgate.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic unit vectors seeded by the input text: equal texts embed equally. */
final class EchoEmbeddings {
  private static final int DEFAULT_DIMENSIONS = 16;

  private EchoEmbeddings() {}

  static EmbeddingResponse of(EmbeddingRequest request, String model) {
    int dimensions =
        request.dimensions() != null && request.dimensions() > 0
            ? request.dimensions()
            : DEFAULT_DIMENSIONS;
    List<Embedding> data = new ArrayList<>(request.inputs().size());
    long tokens = 0;
    for (int i = 0; i < request.inputs().size(); i++) {
      String input = request.inputs().get(i);
      data.add(new Embedding(i, vector(input, dimensions)));
      tokens += EchoTokens.count(input);
    }
    return new EmbeddingResponse(
        model, data, new Usage(tokens, 0, tokens, null, null, false, null));
  }

  private static float[] vector(String text, int dimensions) {
    SplittableRandom random = new SplittableRandom(text.hashCode());
    float[] vector = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      vector[i] = (float) (random.nextDouble() * 2 - 1);
      norm += vector[i] * vector[i];
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) {
      vector[i] *= scale;
    }
    return vector;
  }
}
