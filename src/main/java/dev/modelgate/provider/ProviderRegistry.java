package dev.modelgate.provider;

import dev.modelgate.provider.anthropic.AnthropicProviderFactory;
import dev.modelgate.provider.dashscope.DashScopeProviderFactory;
import dev.modelgate.provider.dify.DifyProviderFactory;
import dev.modelgate.provider.echo.EchoProviderFactory;
import dev.modelgate.provider.gemini.GeminiProviderFactory;
import dev.modelgate.provider.ollama.OllamaProviderFactory;
import dev.modelgate.provider.openai.OpenAiProviderFactory;
import dev.modelgate.provider.rerank.RerankProviderFactory;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.template.TemplateProviderFactory;
import dev.modelgate.provider.tgi.TgiProviderFactory;
import dev.modelgate.provider.triton.TritonProviderFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Every provider type the gateway knows: adding a provider adds one line here. */
public final class ProviderRegistry {
  private static final List<ProviderFactory> FACTORIES =
      List.of(
          // one line per provider
          new OpenAiProviderFactory(),
          new AnthropicProviderFactory(),
          new DashScopeProviderFactory(),
          new GeminiProviderFactory(),
          new OllamaProviderFactory(),
          new TgiProviderFactory(),
          new TritonProviderFactory(),
          new TemplateProviderFactory(),
          new RerankProviderFactory(),
          new DifyProviderFactory(),
          new EchoProviderFactory());

  private static final Map<String, ProviderFactory> BY_TYPE =
      FACTORIES.stream()
          .collect(Collectors.toUnmodifiableMap(ProviderFactory::type, Function.identity()));

  private ProviderRegistry() {}

  public static @Nullable ProviderFactory factory(String type) {
    return BY_TYPE.get(type);
  }

  public static java.util.Set<String> types() {
    return new java.util.TreeSet<>(BY_TYPE.keySet());
  }
}
