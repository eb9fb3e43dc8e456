package dev.modelgate.provider.ollama;

import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Registers the {@code ollama} provider type (native API; the OpenAI-compatible one is the openai
 * dialect).
 */
public final class OllamaProviderFactory implements ProviderFactory {
  private static final URI DEFAULT_BASE = URI.create("http://127.0.0.1:11434");

  @Override
  public String type() {
    return "ollama";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    URI base = settings.baseUrl() != null ? settings.baseUrl() : DEFAULT_BASE;
    return new OllamaAdapter(settings, Objects.requireNonNull(client, "client"), base);
  }
}
