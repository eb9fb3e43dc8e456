package dev.modelgate.provider.gemini;

import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Registers the {@code gemini} provider type (base URL default: the v1beta Generative Language
 * API).
 */
public final class GeminiProviderFactory implements ProviderFactory {
  private static final URI DEFAULT_BASE =
      URI.create("https://generativelanguage.googleapis.com/v1beta");

  @Override
  public String type() {
    return "gemini";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    URI base = settings.baseUrl() != null ? settings.baseUrl() : DEFAULT_BASE;
    return new GeminiAdapter(settings, Objects.requireNonNull(client, "client"), base);
  }
}
