package dev.modelgate.model;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;

/** A tool the model may call: a function with a JSON Schema for its parameters. */
public record Tool(
    String type,
    String name,
    @Nullable String description,
    @Nullable JsonNode parameters,
    @Nullable Boolean strict) {}
