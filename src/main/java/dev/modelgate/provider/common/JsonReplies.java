package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.error.GatewayException;
import dev.modelgate.model.ChunkStream;
import dev.modelgate.model.Reply;
import dev.modelgate.model.ResponseBody;
import dev.modelgate.upstream.UpstreamResponse;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The answer of a translating adapter, from an upstream response: an error for a non-2xx status, a
 * stream decoder for a stream, or the decoded JSON body. The response is closed on every path that
 * does not hand it to a stream.
 */
public final class JsonReplies {
  private static final int MAX_BODY = 64 * 1024 * 1024;
  private static final int MAX_ERROR_BODY = 1024 * 1024;

  /** A provider's mapping of a failed status and body to an error. */
  @FunctionalInterface
  public interface ErrorMapper {
    GatewayException map(
        int status, byte[] body, Function<String, @Nullable String> headers, String target);
  }

  private JsonReplies() {}

  /** Throws the mapped error when the response is not a 2xx; otherwise returns it. */
  public static UpstreamResponse ok(UpstreamResponse response, ErrorMapper errors, String target) {
    int status = response.status();
    if (status >= 200 && status < 300) {
      return response;
    }
    try {
      throw errors.map(status, response.readAll(MAX_ERROR_BODY), response::header, target);
    } finally {
      response.close();
    }
  }

  /** The answer to a call that never streams (embeddings, rerank). */
  public static Reply complete(
      UpstreamResponse response,
      ErrorMapper errors,
      String target,
      Function<JsonNode, ResponseBody> decode) {
    return reply(
        response,
        false,
        errors,
        target,
        r -> {
          throw new IllegalStateException("a call that never streams was asked for a stream");
        },
        decode);
  }

  public static Reply reply(
      UpstreamResponse response,
      boolean stream,
      ErrorMapper errors,
      String target,
      Function<UpstreamResponse, ChunkStream> decoder,
      Function<JsonNode, ResponseBody> decode) {
    ok(response, errors, target);
    try {
      if (stream) {
        return new Reply.Streaming(decoder.apply(response));
      }
      byte[] json = response.readAll(MAX_BODY);
      response.close();
      return new Reply.Complete(decode.apply(UpstreamJson.parse(json)));
    } catch (RuntimeException e) {
      response.close();
      throw e;
    }
  }
}
