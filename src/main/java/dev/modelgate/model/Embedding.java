package dev.modelgate.model;

/** One embedding vector and the index of its input. */
public record Embedding(int index, float[] vector) {}
