package dev.modelgate.provider.common;

import dev.modelgate.provider.spi.ProviderSettings;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import dev.modelgate.upstream.UpstreamResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * How an adapter POSTs JSON to its upstream: the pooled client, the JSON content type, the
 * provider's fixed headers and the endpoint's configured ones, and the credential in the provider's
 * scheme (refreshed once on a 401, see {@link AuthenticatedExchange}).
 */
public record JsonPost(
    UpstreamClient client,
    ProviderSettings settings,
    List<UpstreamRequest.Header> headers,
    AuthScheme scheme) {

  public JsonPost {
    headers = List.copyOf(headers);
  }

  public static JsonPost of(
      UpstreamClient client,
      ProviderSettings settings,
      AuthScheme scheme,
      UpstreamRequest.Header... fixed) {
    List<UpstreamRequest.Header> headers = new ArrayList<>();
    headers.add(new UpstreamRequest.Header("Content-Type", "application/json"));
    headers.addAll(List.of(fixed));
    headers.addAll(settings.headers());
    return new JsonPost(client, settings, headers, scheme);
  }

  /** An API root without trailing slashes, ready for paths to be appended. */
  public static String root(URI baseUrl) {
    return baseUrl.toString().replaceAll("/+$", "");
  }

  public UpstreamResponse to(URI uri, byte[] body, Timeouts timeouts) {
    return to(uri, List.of(), body, timeouts);
  }

  /** With {@code extra} headers for this request only (an SSE {@code Accept}, say). */
  public UpstreamResponse to(
      URI uri, List<UpstreamRequest.Header> extra, byte[] body, Timeouts timeouts) {
    List<UpstreamRequest.Header> all = headers;
    if (!extra.isEmpty()) {
      all = new ArrayList<>(headers);
      all.addAll(extra);
    }
    return AuthenticatedExchange.post(
        client, uri, all, body, settings.credential(), scheme, timeouts, settings.name());
  }
}
