package dev.modelgate.provider.common;

import dev.modelgate.upstream.UpstreamRequest;

/** How an upstream wants its credential: a header name and a value prefix ("Bearer "). */
public record AuthScheme(String header, String prefix) {
  public static final AuthScheme BEARER = new AuthScheme("Authorization", "Bearer ");

  public UpstreamRequest.Header header(String secret) {
    return new UpstreamRequest.Header(header, prefix + secret);
  }
}
