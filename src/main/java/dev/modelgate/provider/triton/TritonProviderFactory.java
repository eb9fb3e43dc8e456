package dev.modelgate.provider.triton;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.provider.common.ChatTemplates;
import dev.modelgate.provider.common.HuggingFaceTokenizer;
import dev.modelgate.provider.common.ProviderOptions;
import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import java.net.URI;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Registers the {@code triton} provider type. Options: {@code backend} ({@code tensorrtllm},
 * default, or {@code vllm}), {@code inputs}, {@code outputs}, {@code extra_inputs}, {@code
 * sampling_in_parameters}, {@code cumulative_output}, {@code default_max_tokens} (see {@link
 * TritonLayout}), and {@code chat_template} / {@code models} (see {@link ChatTemplates}).
 */
public final class TritonProviderFactory implements ProviderFactory {
  private static final URI DEFAULT_BASE = URI.create("http://127.0.0.1:8000");
  private static final Set<String> OPTIONS =
      Set.of(
          "backend",
          "inputs",
          "outputs",
          "extra_inputs",
          "sampling_in_parameters",
          "cumulative_output",
          "default_max_tokens",
          "chat_template",
          "models",
          "oauth2",
          "tokenizer");

  @Override
  public String type() {
    return "triton";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    JsonNode options = settings.options();
    ProviderOptions.only(options, OPTIONS);
    URI base = settings.baseUrl() != null ? settings.baseUrl() : DEFAULT_BASE;
    return new TritonAdapter(
        settings,
        Objects.requireNonNull(client, "client"),
        base,
        TritonLayout.from(options),
        ChatTemplates.from(options),
        HuggingFaceTokenizer.forUpstream(options));
  }
}
