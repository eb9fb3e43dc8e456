package dev.modelgate.model;

/**
 * A completed function call made by the model; {@code arguments} is a JSON string as on the wire.
 */
public record ToolCall(String id, String type, String name, String arguments) {}
