package dev.modelgate.upstream;

import java.net.URI;
import java.util.List;

/** One HTTP request to an upstream. Header values may hold credentials: never log them. */
public record UpstreamRequest(
    String method, URI uri, List<Header> headers, byte[] body, String contentType) {

  /** One request header. */
  public record Header(String name, String value) {
    @Override
    public String toString() {
      return name + ": <redacted>";
    }
  }

  public UpstreamRequest {
    headers = List.copyOf(headers);
  }

  public static UpstreamRequest postJson(URI uri, List<Header> headers, byte[] body) {
    return new UpstreamRequest("POST", uri, headers, body, "application/json");
  }

  /** An {@code application/x-www-form-urlencoded} POST (OAuth2 token requests). */
  public static UpstreamRequest postForm(URI uri, List<Header> headers, byte[] body) {
    return new UpstreamRequest("POST", uri, headers, body, "application/x-www-form-urlencoded");
  }

  public static UpstreamRequest get(URI uri, List<Header> headers) {
    return new UpstreamRequest("GET", uri, headers, new byte[0], "application/json");
  }

  @Override
  public String toString() {
    return method + " " + uri + " " + headers + " (" + body.length + " bytes)";
  }
}
