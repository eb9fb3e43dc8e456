package dev.modelgate.provider.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.error.UpstreamProtocol;
import java.io.IOException;

/** Parses what an upstream sent; JSON that does not parse is the upstream's protocol error. */
public final class UpstreamJson {
  private UpstreamJson() {}

  public static JsonNode parse(byte[] json) {
    try {
      return Json.parse(json);
    } catch (IOException e) {
      throw new UpstreamProtocol("Upstream sent JSON that does not parse: " + e.getMessage(), e);
    }
  }
}
