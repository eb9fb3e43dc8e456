package dev.modelgate.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.error.InvalidRequest;
import dev.modelgate.model.RerankRequest;
import dev.modelgate.model.RerankResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one rerank shape the gateway serves, the one Cohere, Jina, vLLM and Dify's
 * OpenAI-API-compatible provider share: {@code {model, query, documents, top_n, return_documents}}
 * in, {@code {id, model, results: [{index, relevance_score, document: {text}}], usage}} out.
 * Documents may be strings, {@code {"text": ...}} objects, or Dify's multimodal {@code {"content":
 * [{"type": "text", ...}]}} (its text parts are joined).
 */
public final class RerankCodec {
  private static final Set<String> KNOWN =
      Set.of("model", "query", "documents", "top_n", "return_documents");

  private RerankCodec() {}

  public static RerankRequest decode(byte[] body) {
    JsonNode root;
    try {
      root = Json.parse(body);
    } catch (IOException e) {
      throw new InvalidRequest(RequestScan.UNPARSEABLE, null, "invalid_json");
    }
    JsonNode query = root.path("query");
    if (!query.isTextual()) {
      throw new InvalidRequest("Invalid type for 'query': expected a string.", "query");
    }
    JsonNode documents = root.path("documents");
    if (!documents.isArray()) {
      throw new InvalidRequest(
          "Missing required parameter: 'documents' (an array of strings).",
          "documents",
          "missing_required_parameter");
    }
    List<String> texts = new ArrayList<>();
    for (JsonNode document : documents) {
      texts.add(text(document, texts.size()));
    }
    JsonNode topN = root.path("top_n");
    if (!topN.isMissingNode() && !topN.isNull() && (!topN.canConvertToInt() || topN.asInt() < 1)) {
      throw new InvalidRequest("Invalid 'top_n': expected a positive integer.", "top_n");
    }
    return new RerankRequest(
        root.path("model").asText(),
        query.asText(),
        texts,
        topN.isIntegralNumber() ? topN.asInt() : null,
        root.path("return_documents").asBoolean(false),
        Json.rest(root, KNOWN));
  }

  private static String text(JsonNode document, int index) {
    if (document.isTextual()) {
      return document.asText();
    }
    if (document.path("text").isTextual()) {
      return document.path("text").asText();
    }
    if (document.path("content").isArray()) {
      StringBuilder out = new StringBuilder();
      for (JsonNode part : document.path("content")) {
        if ("text".equals(part.path("type").asText())) {
          out.append(part.path("text").asText());
        }
      }
      return out.toString();
    }
    throw new InvalidRequest(
        "Invalid type for 'documents[" + index + "]': expected a string or {\"text\": ...}.",
        "documents");
  }

  public static byte[] encode(RerankResponse response) {
    ObjectNode root = Json.object().put("id", response.id()).put("model", response.model());
    ArrayNode results = root.putArray("results");
    for (RerankResponse.Result result : response.results()) {
      ObjectNode item = results.addObject().put("index", result.index());
      item.put("relevance_score", result.relevanceScore());
      if (result.document() != null) {
        item.putObject("document").put("text", result.document());
      }
    }
    root.putObject("usage")
        .put("prompt_tokens", response.usage().promptTokens())
        .put("total_tokens", response.usage().totalTokens());
    return Json.bytes(root);
  }
}
