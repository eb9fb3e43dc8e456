package dev.modelgate.provider.anthropic;

import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Registers the {@code anthropic} provider type. Options: {@code anthropic_version} (default
 * 2023-06-01) and {@code default_max_tokens} (Anthropic requires the field; default 4096).
 */
public final class AnthropicProviderFactory implements ProviderFactory {
  private static final URI DEFAULT_BASE = URI.create("https://api.anthropic.com");

  @Override
  public String type() {
    return "anthropic";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    int maxTokens = settings.options().path("default_max_tokens").asInt(4096);
    if (maxTokens < 1) {
      throw new IllegalArgumentException("default_max_tokens: must be at least 1");
    }
    String version = settings.options().path("anthropic_version").asText("2023-06-01");
    URI base = settings.baseUrl() != null ? settings.baseUrl() : DEFAULT_BASE;
    return new AnthropicAdapter(
        settings, Objects.requireNonNull(client, "client"), base, version, maxTokens);
  }
}
