package dev.modelgate.provider.tgi;

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
 * Registers the {@code tgi} provider type. Options: {@code chat_template} and {@code
 * models.<model>.chat_template} (see {@link ChatTemplates}), {@code embeddings_url} (a TEI server
 * beside TGI that answers embeddings) and {@code mode: tei} (the endpoint itself is a TEI server:
 * embeddings only).
 */
public final class TgiProviderFactory implements ProviderFactory {
  private static final URI DEFAULT_BASE = URI.create("http://127.0.0.1:8080");
  private static final Set<String> OPTIONS =
      Set.of("chat_template", "models", "embeddings_url", "mode", "oauth2", "tokenizer");

  @Override
  public String type() {
    return "tgi";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    JsonNode options = settings.options();
    ProviderOptions.only(options, OPTIONS);
    URI base = settings.baseUrl() != null ? settings.baseUrl() : DEFAULT_BASE;
    String mode = options.path("mode").asText("generate");
    if (!mode.equals("generate") && !mode.equals("tei")) {
      throw new IllegalArgumentException("mode: must be generate or tei, not '" + mode + "'");
    }
    URI embeddings = mode.equals("tei") ? base : null;
    if (options.hasNonNull("embeddings_url")) {
      if (embeddings != null) {
        throw new IllegalArgumentException(
            "embeddings_url: not with mode tei (base_url is the TEI server)");
      }
      embeddings = URI.create(options.path("embeddings_url").asText());
      if (embeddings.getScheme() == null || !embeddings.getScheme().startsWith("http")) {
        throw new IllegalArgumentException("embeddings_url: must be an http(s) URL");
      }
    }
    return new TgiAdapter(
        settings,
        Objects.requireNonNull(client, "client"),
        mode.equals("tei") ? null : base,
        embeddings,
        ChatTemplates.from(options),
        HuggingFaceTokenizer.forUpstream(options));
  }
}
