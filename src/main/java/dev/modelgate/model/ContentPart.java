package dev.modelgate.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** One part of a multi-part message content. */
public sealed interface ContentPart {

  /** Plain text. */
  record Text(String text) implements ContentPart {}

  /** An image by https URL or {@code data:} URL; {@code detail} is auto, low or high. */
  record Image(String url, @Nullable String detail) implements ContentPart {}

  /** Base64 audio with its format (wav, mp3). */
  record Audio(String data, String format) implements ContentPart {}

  /** A part type the model does not name (files, future types), kept as sent. */
  record Other(String type, JsonNode raw) implements ContentPart {}
}
