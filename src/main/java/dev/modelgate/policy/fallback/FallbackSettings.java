package dev.modelgate.policy.fallback;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A route's fallback chain.
 *
 * @param order the levels, tried in this order
 * @param models the public names of the routes whose targets the models level tries, in order
 * @param defaultAnswer the text of the default level's answer (the level is skipped without one)
 * @param onContentFilter whether a content-filter refusal falls back too
 * @param onContextLength whether a context-length error falls back too (to a longer context)
 */
public record FallbackSettings(
    List<FallbackLevel> order,
    List<String> models,
    @Nullable String defaultAnswer,
    boolean onContentFilter,
    boolean onContextLength,
    boolean continueStreams) {

  /** Settings without stream continuation. */
  public FallbackSettings(
      List<FallbackLevel> order,
      List<String> models,
      @Nullable String defaultAnswer,
      boolean onContentFilter,
      boolean onContextLength) {
    this(order, models, defaultAnswer, onContentFilter, onContextLength, false);
  }

  public static final List<FallbackLevel> DEFAULT_ORDER =
      List.of(FallbackLevel.MODELS, FallbackLevel.CACHE, FallbackLevel.DEFAULT);

  public FallbackSettings {
    order = List.copyOf(order);
    models = List.copyOf(models);
  }
}
