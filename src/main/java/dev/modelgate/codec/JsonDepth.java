package dev.modelgate.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.modelgate.error.InvalidRequest;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a request body nested deeper than a limit, by streaming its tokens before anything builds
 * a tree of it (a deep tree costs stack and memory out of proportion to the body's size).
 */
public final class JsonDepth {
  private static final ConcurrentHashMap<Integer, JsonFactory> BY_LIMIT = new ConcurrentHashMap<>();

  private JsonDepth() {}

  /**
   * Throws an {@code invalid_json} {@link InvalidRequest} when {@code body} nests objects and
   * arrays more than {@code limit} deep; malformed JSON passes here (the request scan names it).
   */
  public static void check(byte[] body, int limit) {
    try (JsonParser parser = factory(limit).createParser(body)) {
      while (parser.nextToken() != null) {
        // only the nesting is of interest; values are not decoded
      }
    } catch (StreamConstraintsException e) {
      throw new InvalidRequest(
          "The JSON body nests objects and arrays deeper than " + limit + " levels.",
          null,
          "invalid_json");
    } catch (IOException e) {
      // Malformed: RequestScan reports it in the API's words.
    }
  }

  private static JsonFactory factory(int limit) {
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
