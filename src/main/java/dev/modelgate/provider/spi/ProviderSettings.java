package dev.modelgate.provider.spi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.modelgate.upstream.UpstreamRequest;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The validated configuration of one upstream endpoint, as a provider factory receives it.
 *
 * @param name the endpoint's name in configuration and in error messages
 * @param baseUrl the API root, for example {@code https://api.openai.com/v1}
 * @param credential the secret, or null for upstreams without authentication
 * @param headers extra headers sent on every request
 * @param options provider-specific settings (a dialect's name and overrides, for example)
 */
public record ProviderSettings(
    String name,
    String type,
    @Nullable URI baseUrl,
    @Nullable Credential credential,
    List<UpstreamRequest.Header> headers,
    ObjectNode options) {

  public ProviderSettings {
    headers = List.copyOf(headers);
  }
}
