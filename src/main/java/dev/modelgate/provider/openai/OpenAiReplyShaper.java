package dev.modelgate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.codec.Json;
import dev.modelgate.codec.JsonSplice;
import dev.modelgate.codec.OpenAiUsageCodec;
import dev.modelgate.codec.RelayScan;
import dev.modelgate.error.UpstreamProtocol;
import dev.modelgate.model.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Makes an upstream's OpenAI JSON (a complete body or one stream chunk) what an OpenAI client
 * expects: the public model name, reasoning in {@code reasoning_content}, usage at the top level.
 * Only builds a tree when one of those needs more than a byte splice.
 */
final class OpenAiReplyShaper {
  private static final byte[] USAGE = quoted("usage");
  private static final byte[] ERROR = quoted("error");
  private static final byte[] STOP_SEQUENCE = quoted("stop_sequence");

  private final OpenAiDialect dialect;
  private final String publicModel;
  private final byte[] reasoningField;

  OpenAiReplyShaper(OpenAiDialect dialect, String publicModel) {
    this.dialect = dialect;
    this.publicModel = publicModel;
    this.reasoningField = quoted(dialect.reasoningField());
  }

  /** The shaped JSON and the usage it carries. */
  record Shaped(byte[] json, @Nullable Usage usage, boolean usageOnly) {}

  static boolean mayBeError(byte[] json) {
    return JsonSplice.hasObjectField(json, ERROR) || JsonSplice.hasStringField(json, ERROR);
  }

  Shaped shape(byte[] json) {
    boolean rename = dialect.renamesReasoning() && JsonSplice.contains(json, reasoningField);
    boolean hasUsage = JsonSplice.hasObjectField(json, USAGE);
    boolean finish = dialect.grammarFormat() && JsonSplice.contains(json, STOP_SEQUENCE);
    if (!rename && !finish && !(hasUsage && dialect.usageInChoice())) {
      try {
        // One pass finds the model to replace and the usage, and proves the JSON well-formed: a
        // client never receives a chunk that does not parse. No tree of the rest is built.
        RelayScan.Fields fields = RelayScan.fields(json);
        byte[] out = JsonSplice.replaceSpan(json, fields.modelSpan(), publicModel);
        Usage usage = hasUsage ? OpenAiUsageCodec.decode(fields.usage()) : null;
        return new Shaped(out, usage, usage != null && fields.emptyChoices());
      } catch (IllegalArgumentException e) {
        throw new UpstreamProtocol("Upstream sent JSON that does not parse: " + e.getMessage(), e);
      }
    }
    ObjectNode root = parse(json);
    if (root.has("model")) {
      root.put("model", publicModel);
    }
    ArrayNode choices = root.path("choices") instanceof ArrayNode a ? a : null;
    if (choices != null) {
      for (JsonNode choice : choices) {
        if (rename) {
          renameReasoning(choice.get("delta"));
          renameReasoning(choice.get("message"));
        }
        if (finish && choice.path("finish_reason").asText().equals("stop_sequence")) {
          ((ObjectNode) choice).put("finish_reason", "stop");
        }
        if (dialect.usageInChoice()
            && choice.get("usage") instanceof ObjectNode u
            && !hasTopUsage(root)) {
          root.set("usage", u);
          ((ObjectNode) choice).remove("usage");
        }
      }
    }
    Usage usage = OpenAiUsageCodec.decode(root.get("usage"));
    boolean usageOnly = usage != null && (choices == null || choices.isEmpty());
    return new Shaped(Json.bytes(root), usage, usageOnly);
  }

  private static boolean hasTopUsage(ObjectNode root) {
    return root.get("usage") instanceof ObjectNode;
  }

  private void renameReasoning(@Nullable JsonNode node) {
    if (node instanceof ObjectNode object && object.has(dialect.reasoningField())) {
      JsonNode value = object.remove(dialect.reasoningField());
      if (!object.has("reasoning_content")) {
        object.set("reasoning_content", value);
      }
    }
  }

  static ObjectNode parse(byte[] json) {
    try {
      return (ObjectNode) Json.parse(json);
    } catch (IOException | ClassCastException e) {
      throw new UpstreamProtocol("Upstream sent JSON that does not parse: " + e.getMessage(), e);
    }
  }

  private static byte[] quoted(String name) {
    return ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
  }
}
