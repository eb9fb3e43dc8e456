package dev.modelgate.provider.rerank;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.RerankRequest;
import dev.modelgate.model.Usage;
import dev.modelgate.provider.common.RerankAnswer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The wire formats of rerank upstreams. Cohere's request and result shape is shared by Jina, vLLM
 * and Xinference (they differ in default address and where they report tokens); TEI takes {@code
 * texts} and answers a bare array; DashScope nests everything under {@code input}, {@code
 * parameters} and {@code output}.
 */
enum RerankFormat {
  COHERE("https://api.cohere.com/v2", "/rerank"),
  JINA("https://api.jina.ai/v1", "/rerank"),
  VLLM(null, "/rerank"),
  XINFERENCE(null, "/rerank"),
  TEI(null, "/rerank") {
    @Override
    ObjectNode body(RerankRequest request, String upstreamModel) {
      ObjectNode body = Json.object().put("query", request.query());
      ArrayNode texts = body.putArray("texts");
      request.documents().forEach(texts::add);
      body.put("return_text", false);
      Json.merge(body, request.extensions());
      return body;
    }

    @Override
    List<RerankAnswer.Score> scores(JsonNode answer) {
      return read(answer, "score");
    }
  },
  DASHSCOPE("https://dashscope.aliyuncs.com/api/v1", "/services/rerank/text-rerank/text-rerank") {
    @Override
    ObjectNode body(RerankRequest request, String upstreamModel) {
      ObjectNode body = Json.object().put("model", upstreamModel);
      ObjectNode input = body.putObject("input").put("query", request.query());
      ArrayNode documents = input.putArray("documents");
      request.documents().forEach(documents::add);
      ObjectNode parameters =
          body.putObject("parameters")
              .put("top_n", request.resultCount())
              .put("return_documents", false);
      Json.merge(parameters, request.extensions());
      return body;
    }

    @Override
    List<RerankAnswer.Score> scores(JsonNode answer) {
      return read(answer.path("output").path("results"), "relevance_score");
    }
  };

  private final @Nullable String defaultBase;
  private final String path;

  RerankFormat(@Nullable String defaultBase, String path) {
    this.defaultBase = defaultBase;
    this.path = path;
  }

  @Nullable String defaultBase() {
    return defaultBase;
  }

  String path() {
    return path;
  }

  static RerankFormat named(String name) {
    for (RerankFormat format : values()) {
      if (format.name().toLowerCase(Locale.ROOT).equals(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "format: must be cohere, jina, vllm, xinference, tei or dashscope, not '" + name + "'");
  }

  /** Cohere's request: documents as strings, the count wanted, no documents back. */
  ObjectNode body(RerankRequest request, String upstreamModel) {
    ObjectNode body = Json.object().put("model", upstreamModel).put("query", request.query());
    ArrayNode documents = body.putArray("documents");
    request.documents().forEach(documents::add);
    body.put("top_n", request.resultCount());
    body.put("return_documents", false);
    Json.merge(body, request.extensions());
    return body;
  }

  List<RerankAnswer.Score> scores(JsonNode answer) {
    return read(answer.path("results"), "relevance_score");
  }

  /**
   * Tokens where the upstream reports them: {@code usage.total_tokens} (Jina, vLLM, DashScope),
   * {@code meta.tokens.input_tokens} (Xinference), {@code meta.billed_units.input_tokens} (Cohere's
   * older API); null otherwise.
   */
  static @Nullable Usage usage(JsonNode answer) {
    for (String pointer :
        new String[] {
          "/usage/total_tokens", "/meta/tokens/input_tokens", "/meta/billed_units/input_tokens"
        }) {
      JsonNode tokens = answer.at(pointer);
      if (tokens.canConvertToLong()) {
        return Usage.of(tokens.asLong(), 0);
      }
    }
    return null;
  }

  private static List<RerankAnswer.Score> read(JsonNode results, String scoreField) {
    List<RerankAnswer.Score> scores = new ArrayList<>();
    for (JsonNode result : results) {
      scores.add(
          new RerankAnswer.Score(
              result.path("index").asInt(-1), result.path(scoreField).asDouble()));
    }
    return scores;
  }
}
