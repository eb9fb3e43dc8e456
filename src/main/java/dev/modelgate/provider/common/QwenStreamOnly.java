package dev.modelgate.provider.common;

import dev.modelgate.model.ModelPattern;
import java.util.List;

/**
 * DashScope's models that answer only as a stream, through its native API and its compatible mode
 * alike: QwQ and QVQ always (a blocking call gets a 400), and the Qwen3 models whenever thinking is
 * on.
 */
public final class QwenStreamOnly {
  /** Model names, or prefixes ending in {@code *}. */
  public static final List<String> MODELS = List.of("qwq*", "qvq*");

  private QwenStreamOnly() {}

  public static boolean model(String upstreamModel) {
    return ModelPattern.matchesAny(MODELS, upstreamModel);
  }
}
