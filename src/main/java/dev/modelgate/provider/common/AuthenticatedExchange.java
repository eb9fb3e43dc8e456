package dev.modelgate.provider.common;

import dev.modelgate.provider.spi.Credential;
import dev.modelgate.upstream.Timeouts;
import dev.modelgate.upstream.UpstreamClient;
import dev.modelgate.upstream.UpstreamRequest;
import dev.modelgate.upstream.UpstreamResponse;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Sends a POST with the credential in the scheme's header. When the upstream answers 401 to a token
 * (a refreshable credential), the token is dropped and the request sent once more with a fresh one:
 * a token revoked or expired early costs one round trip, not a failed call; a vault credential just
 * rotated is tried once with its previous value, in grace. When a key of a pool is refused (401,
 * 429), the pool puts it aside and the request goes out again with another key.
 */
public final class AuthenticatedExchange {
  /** A pool of keys is tried this many more times at most, each time with a key not refused. */
  private static final int MAX_KEY_SWITCHES = 8;

  private AuthenticatedExchange() {}

  public static UpstreamResponse post(
      UpstreamClient client,
      URI uri,
      List<UpstreamRequest.Header> headers,
      byte[] body,
      @Nullable Credential credential,
      AuthScheme scheme,
      Timeouts timeouts,
      String target) {
    return send(
        client, UpstreamRequest.postJson(uri, headers, body), credential, scheme, timeouts, target);
  }

  /** Sends any request, with the credential added to its headers when there is one. */
  public static UpstreamResponse send(
      UpstreamClient client,
      UpstreamRequest request,
      @Nullable Credential credential,
      AuthScheme scheme,
      Timeouts timeouts,
      String target) {
    if (credential == null) {
      return client.send(request, timeouts, target);
    }
    String secret = credential.value();
    UpstreamResponse response = client.send(withSecret(request, scheme, secret), timeouts, target);
    if (response.status() == 401 && (credential.refreshable() || credential.unauthorized(secret))) {
      response.close();
      credential.invalidate(secret);
      return client.send(withSecret(request, scheme, credential.value()), timeouts, target);
    }
    for (int switches = 0;
        switches < MAX_KEY_SWITCHES
            && (response.status() == 401 || response.status() == 429)
            && credential.refused(secret, RetryAfter.from(response::header));
        switches++) {
      response.close();
      secret = credential.value();
      response = client.send(withSecret(request, scheme, secret), timeouts, target);
    }
    return response;
  }

  private static UpstreamRequest withSecret(
      UpstreamRequest request, AuthScheme scheme, String secret) {
    List<UpstreamRequest.Header> all = new ArrayList<>(request.headers().size() + 1);
    all.addAll(request.headers());
    all.add(scheme.header(secret));
    return new UpstreamRequest(
        request.method(), request.uri(), all, request.body(), request.contentType());
  }
}
