package dev.modelgate.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.modelgate.error.InvalidRequest;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The nesting limit of request bodies: parsers that refuse a body nested deeper than it while
 * streaming its tokens, before anything builds a tree of it (a deep tree costs stack and memory out
 * of proportion to the body's size). {@link RequestScan} reads every body through one.
 */
public final class JsonDepth {
  private static final ConcurrentHashMap<Integer, JsonFactory> BY_LIMIT = new ConcurrentHashMap<>();

  private JsonDepth() {}

  /**
   * A parser of {@code body} that fails with a {@link StreamConstraintsException} as soon as the
   * nesting passes {@code limit} (see {@link #tooDeep}).
   */
  static JsonParser parser(byte[] body, int limit) throws IOException {
    return factory(limit).createParser(body);
  }

  /** The {@code invalid_json} refusal of a body nested deeper than {@code limit}. */
  static InvalidRequest tooDeep(int limit) {
    return new InvalidRequest(
        "The JSON body nests objects and arrays deeper than " + limit + " levels.",
        null,
        "invalid_json");
  }

  /** The last limit asked for and its factory: one limit serves nearly every call. */
  private record Limited(int limit, JsonFactory factory) {}

  private static volatile @Nullable Limited last;

  private static JsonFactory factory(int limit) {
    Limited cached = last;
    if (cached != null && cached.limit() == limit) {
      return cached.factory();
    }
    JsonFactory factory = byLimit(limit);
    last = new Limited(limit, factory);
    return factory;
  }

  private static JsonFactory byLimit(int limit) {
    return BY_LIMIT.computeIfAbsent(
        limit,
        depth ->
            Json.factory()
                .rebuild()
                .streamReadConstraints(
                    Json.factory().streamReadConstraints().rebuild().maxNestingDepth(depth).build())
                .build());
  }
}
