package dev.modelgate.model;

import com.fasterxml.jackson.databind.JsonNode;

/** How the model must use the tools. */
public sealed interface ToolChoice {

  /** {@code auto}, {@code none} or {@code required}. */
  record Mode(String mode) implements ToolChoice {}

  /** Call this function. */
  record Function(String name) implements ToolChoice {}

  /** A form the model does not name (for example {@code allowed_tools}), kept as sent. */
  record Other(JsonNode raw) implements ToolChoice {}
}
