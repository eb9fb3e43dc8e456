package dev.modelgate.server.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelgate.codec.Json;
import dev.modelgate.model.RelayedChunk;
import java.io.IOException;

/**
 * The content blocks of Anthropic events relayed as they came: the index of the last block opened
 * and whether it is a text block still open, so that encoded chunks after them (a continuation from
 * another target) join the same message instead of starting a second one. Reads only the events
 * that open and close blocks.
 */
final class RelayedBlocks {
  private boolean any;
  private int lastBlock = -1;
  private boolean textOpen;

  void saw(RelayedChunk chunk) {
    any = true;
    String event = chunk.event();
    if ("content_block_start".equals(event)) {
      JsonNode start = parse(chunk.data());
      lastBlock = start.path("index").asInt(lastBlock + 1);
      textOpen = "text".equals(start.path("content_block").path("type").asText());
    } else if ("content_block_stop".equals(event)) {
      textOpen = false;
    }
  }

  boolean any() {
    return any;
  }

  int lastBlock() {
    return lastBlock;
  }

  boolean textOpen() {
    return textOpen;
  }

  private static JsonNode parse(byte[] data) {
    try {
      return Json.parse(data);
    } catch (IOException e) {
      return Json.object();
    }
  }
}
