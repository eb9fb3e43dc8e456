package dev.modelgate.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.model.ModelPattern;
import dev.modelgate.provider.common.QwenStreamOnly;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one family of OpenAI-compatible servers differs from OpenAI: where it lives, how it wants the
 * key, and its quirks. Built-in dialects are named in configuration; any field can be overridden.
 *
 * @param defaultBaseUrl used when the endpoint configures none
 * @param auth how the key is sent: {@code bearer}, {@code api-key} (header) or {@code none}
 * @param reasoningField the field the server puts visible reasoning in; renamed to {@code
 *     reasoning_content} for clients
 * @param streamUsage whether the server honours {@code stream_options.include_usage}; if so the
 *     gateway always asks for usage and hides the usage chunk from clients that did not
 * @param usageInChoice the server puts stream usage in {@code choices[0].usage} (Moonshot)
 * @param stripInputReasoning remove {@code reasoning_content} from input messages (DeepSeek rejects
 *     it)
 * @param dropFields request fields the server rejects, removed before sending
 * @param sentModel the model name sent instead of the target's (TGI reads any other name as a LoRA
 *     adapter to load); null sends the target's
 * @param grammarFormat OpenAI's {@code response_format} rewritten as TGI's grammar {@code
 *     {"type":"json","value":schema}}, and TGI's finish reason {@code stop_sequence} (which its
 *     Messages API passes through unmapped) reported as {@code stop}
 * @param thinking how the server is asked to think when an Anthropic client sends {@code thinking}
 * @param topK the server takes {@code top_k}, so an Anthropic client's is sent (an OpenAI client's
 *     reaches any server as it sent it)
 * @param toolChoices the kinds of {@code tool_choice} the server takes; others are rewritten
 *     ({@link ToolChoiceSupport})
 * @param streamOnly models (names, or prefixes ending in {@code *}) the server answers only as a
 *     stream, and whether it streams only when thinking is on: a blocking call to one is streamed
 *     from the server and collected into one answer
 */
public record OpenAiDialect(
    String name,
    @Nullable String defaultBaseUrl,
    String auth,
    String reasoningField,
    boolean streamUsage,
    boolean usageInChoice,
    boolean stripInputReasoning,
    Set<String> dropFields,
    @Nullable String sentModel,
    boolean grammarFormat,
    ThinkingControl thinking,
    boolean topK,
    Set<String> toolChoices,
    StreamOnly streamOnly) {

  /**
   * What a server answers only as a stream.
   *
   * @param models model names, or prefixes ending in {@code *}
   * @param whenThinking whether a request that turns thinking on ({@code enable_thinking: true}) is
   *     answered only as a stream
   */
  record StreamOnly(List<String> models, boolean whenThinking) {
    static final StreamOnly NONE = new StreamOnly(List.of(), false);

    StreamOnly {
      models = List.copyOf(models);
    }

    boolean model(String upstreamModel) {
      return ModelPattern.matchesAny(models, upstreamModel);
    }
  }

  private static final String RC = "reasoning_content";

  /**
   * Servers that answer some calls only as a stream: DashScope's QwQ and QVQ models always, and its
   * Qwen3 models when thinking.
   */
  private static final Map<String, StreamOnly> STREAM_ONLY =
      Map.of("dashscope", new StreamOnly(QwenStreamOnly.MODELS, true));

  /** Servers that take only some kinds of {@code tool_choice}. */
  private static final Map<String, Set<String>> TOOL_CHOICES =
      Map.of("zhipu", Set.of("auto"), "moonshot", Set.of("auto", "none"));

  /** Servers whose chat completions take {@code top_k} beside OpenAI's sampling fields. */
  private static final Set<String> TAKE_TOP_K =
      Set.of("vllm", "llamacpp", "lmstudio", "dashscope", "siliconflow");

  static final Map<String, OpenAiDialect> BUILT_IN =
      Map.ofEntries(
          entry(
              new OpenAiDialect(
                  "openai",
                  "https://api.openai.com/v1",
                  "bearer",
                  RC,
                  true,
                  false,
                  false,
                  Set.of())),
          entry(
              new OpenAiDialect("vllm", null, "bearer", "reasoning", true, false, false, Set.of())),
          // Azure OpenAI: the resource URL is always the deployment's own; api-key header by
          // default.
          entry(new OpenAiDialect("azure", null, "api-key", RC, true, false, false, Set.of())),
          entry(
              new OpenAiDialect(
                  "deepseek",
                  "https://api.deepseek.com/v1",
                  "bearer",
                  RC,
                  true,
                  false,
                  true,
                  Set.of())),
          entry(
              new OpenAiDialect(
                  "zhipu",
                  "https://open.bigmodel.cn/api/paas/v4",
                  "bearer",
                  RC,
                  false,
                  false,
                  false,
                  Set.of("stream_options"))),
          entry(
              new OpenAiDialect(
                  "moonshot",
                  "https://api.moonshot.cn/v1",
                  "bearer",
                  RC,
                  true,
                  true,
                  false,
                  Set.of())),
          entry(
              new OpenAiDialect(
                  "dashscope",
                  "https://dashscope.aliyuncs.com/compatible-mode/v1",
                  "bearer",
                  RC,
                  true,
                  false,
                  false,
                  Set.of())),
          entry(
              new OpenAiDialect(
                  "siliconflow",
                  "https://api.siliconflow.cn/v1",
                  "bearer",
                  RC,
                  true,
                  false,
                  false,
                  Set.of())),
          entry(
              new OpenAiDialect(
                  "ollama",
                  "http://127.0.0.1:11434/v1",
                  "none",
                  "reasoning",
                  true,
                  false,
                  false,
                  Set.of())),
          entry(
              new OpenAiDialect(
                  "llamacpp",
                  "http://127.0.0.1:8080/v1",
                  "bearer",
                  RC,
                  true,
                  false,
                  false,
                  Set.of())),
          entry(
              new OpenAiDialect(
                  "tgi",
                  "http://127.0.0.1:8080/v1",
                  "bearer",
                  RC,
                  true,
                  false,
                  false,
                  Set.of(),
                  "tgi",
                  true,
                  ThinkingControl.NONE,
                  false,
                  ToolChoiceSupport.ALL,
                  StreamOnly.NONE)),
          entry(
              new OpenAiDialect(
                  "lmstudio",
                  "http://127.0.0.1:1234/v1",
                  "bearer",
                  RC,
                  true,
                  false,
                  false,
                  Set.of())));

  public OpenAiDialect {
    dropFields = Set.copyOf(dropFields);
    toolChoices = Set.copyOf(toolChoices);
    if (!Set.of("bearer", "api-key", "none").contains(auth)) {
      throw new IllegalArgumentException(
          "auth must be bearer, api-key or none, not '" + auth + "'");
    }
  }

  /**
   * A dialect that sends the target's model name and OpenAI's {@code response_format}, with the
   * thinking switch, {@code top_k}, kinds of {@code tool_choice} and stream-only models its name
   * implies.
   */
  OpenAiDialect(
      String name,
      @Nullable String defaultBaseUrl,
      String auth,
      String reasoningField,
      boolean streamUsage,
      boolean usageInChoice,
      boolean stripInputReasoning,
      Set<String> dropFields) {
    this(
        name,
        defaultBaseUrl,
        auth,
        reasoningField,
        streamUsage,
        usageInChoice,
        stripInputReasoning,
        dropFields,
        null,
        false,
        ThinkingControl.of(name),
        TAKE_TOP_K.contains(name),
        TOOL_CHOICES.getOrDefault(name, ToolChoiceSupport.ALL),
        STREAM_ONLY.getOrDefault(name, StreamOnly.NONE));
  }

  private static Map.Entry<String, OpenAiDialect> entry(OpenAiDialect dialect) {
    return Map.entry(dialect.name, dialect);
  }

  /** The named dialect with the overrides found in an endpoint's options. */
  static OpenAiDialect resolve(JsonNode options) {
    String name = options.path("dialect").asText("openai").toLowerCase(Locale.ROOT);
    OpenAiDialect base = BUILT_IN.get(name);
    if (base == null) {
      throw new IllegalArgumentException(
          "dialect: unknown dialect '"
              + name
              + "'; known: "
              + new java.util.TreeSet<>(BUILT_IN.keySet()));
    }
    Set<String> drop = new HashSet<>(base.dropFields);
    options.path("drop_fields").forEach(f -> drop.add(f.asText()));
    return new OpenAiDialect(
        base.name,
        base.defaultBaseUrl,
        options.path("auth").asText(base.auth),
        options.path("reasoning_field").asText(base.reasoningField),
        options.path("stream_usage").asBoolean(base.streamUsage),
        options.path("usage_in_choice").asBoolean(base.usageInChoice),
        options.path("strip_input_reasoning").asBoolean(base.stripInputReasoning),
        drop,
        sentModel(options, base.sentModel),
        base.grammarFormat,
        options.hasNonNull("thinking")
            ? ThinkingControl.named(options.path("thinking").asText())
            : base.thinking,
        options.path("top_k").asBoolean(base.topK),
        options.has("tool_choices")
            ? ToolChoiceSupport.of(options.path("tool_choices"))
            : base.toolChoices,
        streamOnly(options, base.streamOnly));
  }

  /** {@code stream_only_models: [...]} and {@code stream_only_thinking: true|false}. */
  private static StreamOnly streamOnly(JsonNode options, StreamOnly base) {
    List<String> models = base.models();
    if (options.has("stream_only_models")) {
      models = new ArrayList<>();
      for (JsonNode model : options.path("stream_only_models")) {
        models.add(model.asText());
      }
    }
    return new StreamOnly(
        models, options.path("stream_only_thinking").asBoolean(base.whenThinking()));
  }

  /** {@code send_model: target} sends the target's name (a TGI LoRA adapter); any other, itself. */
  private static @Nullable String sentModel(JsonNode options, @Nullable String fallback) {
    if (!options.hasNonNull("send_model")) {
      return fallback;
    }
    String value = options.path("send_model").asText();
    return value.equals("target") ? null : value;
  }

  /** The model name the upstream receives for a target's model. */
  String modelSent(String upstreamModel) {
    return sentModel != null ? sentModel : upstreamModel;
  }

  OpenAiDialect withAuth(String newAuth) {
    return new OpenAiDialect(
        name,
        defaultBaseUrl,
        newAuth,
        reasoningField,
        streamUsage,
        usageInChoice,
        stripInputReasoning,
        dropFields,
        sentModel,
        grammarFormat,
        thinking,
        topK,
        toolChoices,
        streamOnly);
  }

  boolean renamesReasoning() {
    return !RC.equals(reasoningField);
  }
}
