package dev.modelgate.provider.openai;

import dev.modelgate.provider.spi.ProviderAdapter;
import dev.modelgate.provider.spi.ProviderFactory;
import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.UpstreamClient;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Registers the {@code openai} provider type. */
public final class OpenAiProviderFactory implements ProviderFactory {
  @Override
  public String type() {
    return "openai";
  }

  @Override
  public ProviderAdapter create(ProviderSettings settings, @Nullable UpstreamClient client) {
    OpenAiDialect dialect = OpenAiDialect.resolve(settings.options());
    if (settings.credential() != null
        && settings.credential().refreshable()
        && !settings.options().has("auth")) {
      dialect = dialect.withAuth("bearer"); // tokens (Entra ID, OAuth2) are bearer tokens
    }
    URI base = settings.baseUrl();
    if (base == null) {
      if (dialect.defaultBaseUrl() == null) {
        throw new IllegalArgumentException(
            "base_url: required for dialect '" + dialect.name() + "' (it has no public default)");
      }
      base = URI.create(dialect.defaultBaseUrl());
    }
    String apiVersion =
        settings.options().hasNonNull("api_version")
            ? settings.options().path("api_version").asText()
            : null;
    if (dialect.name().equals("azure")
        && apiVersion == null
        && !base.getPath().replaceAll("/+$", "").endsWith("/openai/v1")) {
      throw new IllegalArgumentException(
          "api_version: required for Azure deployment URLs (or give a base_url ending in /openai/v1)");
    }
    return new OpenAiAdapter(
        settings, dialect, Objects.requireNonNull(client, "client"), base, apiVersion);
  }
}
